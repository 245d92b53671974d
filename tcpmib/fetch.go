package tcpmib

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/winapi"
)

// AppendFetch calls GetExtendedTcpTable(f, c) and appends the raw table it
// returns to dst, growing dst as needed, so that a polling loop that passes
// its previous buffer back as buf[:0] makes no garbage once the buffer is
// large enough. sorted asks Windows to sort the rows (bOrder).
//
// The table can grow between the call that reports its size and the call
// that fills the buffer: AppendFetch retries ERROR_INSUFFICIENT_BUFFER,
// ERROR_NOT_ENOUGH_MEMORY and the undocumented STATUS_UNSUCCESSFUL some
// versions return, with slack and at most eight times, and never asks for
// a buffer larger than the largest table a decoder accepts
// ([netmib.MaxRows] rows, 192 MiB), nor than 256 MiB. ERROR_NO_DATA gives
// an empty table. Any other failure is an error that names the call and
// wraps the Windows error code as a syscall.Errno, for errors.Is. On
// failure dst is returned with its length unchanged.
//
// The table's layout follows from f and c: decode it with [ParseTable]
// (see [LayoutOf]); [Fetch] parses the IPv6 OWNER_MODULE table. Elsewhere
// than Windows AppendFetch returns an error wrapping errors.ErrUnsupported.
func AppendFetch(dst []byte, f netmib.Family, c Class, sorted bool) ([]byte, error) {
	header := 4 // for an empty table of a class this package does not know
	if l, err := LayoutOf(f, c); err == nil {
		header = l.HeaderSize()
	}
	b, err := winapi.AppendTCPTable(dst, uint32(f), uint32(c), sorted, header)
	if err != nil {
		return b, fmt.Errorf("tcpmib: %w", err)
	}
	return b, nil
}

// AppendFetchTable2 calls GetTcpTable2 (f IPv4) or GetTcp6Table2 (f IPv6)
// and appends the raw table it returns to dst, as AppendFetch does: a
// MIB_TCPTABLE2 or MIB_TCP6TABLE2, whose rows carry the offload state.
// Decode it with [IPv4Table2] or [IPv6Table2] (see [Table2LayoutOf]).
// Elsewhere than Windows it returns an error wrapping
// errors.ErrUnsupported.
func AppendFetchTable2(dst []byte, f netmib.Family, sorted bool) ([]byte, error) {
	if _, err := Table2LayoutOf(f); err != nil {
		return dst, fmt.Errorf("tcpmib: %w", err)
	}
	b, err := winapi.AppendTCPTable2(dst, uint32(f), sorted)
	if err != nil {
		return b, fmt.Errorf("tcpmib: %w", err)
	}
	return b, nil
}

// Fetch returns the live MIB_TCP6TABLE_OWNER_MODULE of this host, with all
// sockets, parsed: AppendFetch(nil, netmib.IPv6, OwnerModuleAll, false),
// then [Parse]. Elsewhere than Windows it returns an error wrapping
// errors.ErrUnsupported.
func Fetch() (Table, error) {
	b, err := AppendFetch(nil, netmib.IPv6, OwnerModuleAll, false)
	if err != nil {
		return Table{}, err
	}
	return Parse(b)
}

// LookupOwner returns the module that owns the socket e describes, from its
// PID and ModuleInfo, with GetOwnerModuleFromPidAndInfo: what netstat -b
// shows. e must come from a table fetched on this host moments ago: the
// answer is about the live process with that PID.
//
// The name and path are what Windows returns, as it returns them. Windows
// documents ERROR_NOT_FOUND (syscall.Errno(1168)) for a PID of 0 (the idle
// process, and TIME_WAIT rows) and processes that have exited, and
// ERROR_PARTIAL_COPY; these and other failures are wrapped. Where the
// function does not exist (Wine exports none) and elsewhere than Windows,
// the error wraps errors.ErrUnsupported.
func LookupOwner(e Entry) (netmib.Owner, error) {
	name, path, err := winapi.OwnerModule(e.PID, (*[128]byte)(&e.ModuleInfo))
	if err != nil {
		return netmib.Owner{}, fmt.Errorf("tcpmib: %w", err)
	}
	return netmib.Owner{Name: name, Path: path}, nil
}
