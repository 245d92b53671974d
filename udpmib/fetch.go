package udpmib

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/winapi"
)

// AppendFetch calls GetExtendedUdpTable(f, c) and appends the raw table it
// returns to dst, growing dst as needed, exactly as tcpmib.AppendFetch does
// for TCP: bounded retries with slack while the table grows, never a
// buffer larger than the largest table a decoder accepts, ERROR_NO_DATA as
// an empty table, and errors that name the call and wrap the Windows error
// code (a syscall.Errno). Decode the result with [ParseTable]. Elsewhere
// than Windows it returns an error wrapping errors.ErrUnsupported.
func AppendFetch(dst []byte, f netmib.Family, c Class, sorted bool) ([]byte, error) {
	header := 4 // for an empty table of a class this package does not know
	if l, err := LayoutOf(f, c); err == nil {
		header = l.HeaderSize()
	}
	b, err := winapi.AppendUDPTable(dst, uint32(f), uint32(c), sorted, header)
	if err != nil {
		return b, fmt.Errorf("udpmib: %w", err)
	}
	return b, nil
}

// Fetch returns the live MIB_UDP6TABLE_OWNER_MODULE of this host, parsed:
// AppendFetch(nil, netmib.IPv6, OwnerModule, false), then
// [IPv6OwnerModule.Parse]. Elsewhere than Windows it returns an error
// wrapping errors.ErrUnsupported.
func Fetch() (Table, error) {
	b, err := AppendFetch(nil, netmib.IPv6, OwnerModule, false)
	if err != nil {
		return Table{}, err
	}
	return IPv6OwnerModule.Parse(b)
}

// LookupOwner returns the module that owns the endpoint e describes, from
// its PID and ModuleInfo, with GetOwnerModuleFromPidAndInfo, as
// tcpmib.LookupOwner does for TCP; e must come from a table fetched on this
// host moments ago. Where the function does not exist (Wine exports none)
// and elsewhere than Windows, the error wraps errors.ErrUnsupported.
func LookupOwner(e Entry) (netmib.Owner, error) {
	name, path, err := winapi.OwnerModule(e.PID, (*[128]byte)(&e.ModuleInfo))
	if err != nil {
		return netmib.Owner{}, fmt.Errorf("udpmib: %w", err)
	}
	return netmib.Owner{Name: name, Path: path}, nil
}
