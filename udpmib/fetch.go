package udpmib

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/winapi"
)

// AppendFetch calls GetExtendedUdpTable(f, c) and appends the raw table it
// returns to dst, growing dst as needed, exactly as tcpmib.AppendFetch does
// for TCP: one call in the common case, with a buffer sized from the room
// dst has, the table's last size or room for 32,768 rows; bounded retries
// with slack while the table grows; never a buffer larger than 256 MiB;
// ERROR_NO_DATA as an empty table; and errors that name the call and wrap
// the Windows error code (a syscall.Errno). Decode the result with
// [ParseTable]. Elsewhere than Windows it returns an error wrapping
// errors.ErrUnsupported.
func AppendFetch(dst []byte, f netmib.Family, c Class, sorted bool) ([]byte, error) {
	shape := winapi.Layout{Header: 4} // for an empty table of a class this package does not know
	if l, err := LayoutOf(f, c); err == nil {
		shape = winapi.Layout{Header: l.HeaderSize(), Row: l.RowSize()}
	}
	b, err := winapi.AppendUDPTable(dst, uint32(f), uint32(c), sorted, shape)
	if err != nil {
		return b, fmt.Errorf("udpmib: %w", err)
	}
	return b, nil
}

// LookupModule returns the module that owns the endpoint s, from its PID
// and ModuleInfo, with GetOwnerModuleFromPidAndInfo, as
// tcpmib.LookupModule does for TCP: s must come from an OWNER_MODULE table
// fetched on this host moments ago, and a socket whose table carries no
// PID or module info is an error wrapping [netmib.ErrUnrepresentable].
// Where the function does not exist (Wine exports none) and elsewhere than
// Windows, the error wraps errors.ErrUnsupported.
func LookupModule(s *netmib.Socket) (netmib.Module, error) {
	if !s.Has(netmib.FieldPID | netmib.FieldModuleInfo) {
		return netmib.Module{}, fmt.Errorf("udpmib: %w: the socket's table carries no PID and module info", netmib.ErrUnrepresentable)
	}
	name, path, err := winapi.OwnerModule(s.PID, (*[128]byte)(&s.ModuleInfo))
	if err != nil {
		return netmib.Module{}, fmt.Errorf("udpmib: %w", err)
	}
	return netmib.Module{Name: name, Path: path}, nil
}
