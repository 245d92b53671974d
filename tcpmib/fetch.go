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
// Every call computes the whole table, whether the buffer is large enough
// or not, so AppendFetch makes one call in the common case: with the room
// dst has, or, when that is less, a buffer of the size this call's table
// had the last time this process fetched it, with slack, or room for
// 32,768 rows the first time. When the table has outgrown the buffer it
// retries ERROR_INSUFFICIENT_BUFFER, ERROR_NOT_ENOUGH_MEMORY and the
// undocumented STATUS_UNSUCCESSFUL some versions return, with slack and at
// most eight times, and never asks for a buffer larger than 256 MiB.
// ERROR_NO_DATA gives an empty table. Any other failure is an error that
// names the call and wraps the Windows error code as a syscall.Errno, for
// errors.Is. On failure dst is returned with its length unchanged.
//
// The table's layout follows from f and c: decode it with [ParseTable]
// (see [LayoutOf]). The host's sockets are in four tables, TCP and UDP
// over IPv4 and IPv6: snapshot.Take fetches them all. Elsewhere than
// Windows AppendFetch returns an error wrapping errors.ErrUnsupported.
func AppendFetch(dst []byte, f netmib.Family, c Class, sorted bool) ([]byte, error) {
	shape := winapi.Layout{Header: 4} // for an empty table of a class this package does not know
	if l, err := LayoutOf(f, c); err == nil {
		shape = winapi.Layout{Header: l.HeaderSize(), Row: l.RowSize()}
	}
	b, err := winapi.AppendTCPTable(dst, uint32(f), uint32(c), sorted, shape)
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
	l, err := Table2LayoutOf(f)
	if err != nil {
		return dst, fmt.Errorf("tcpmib: %w", err)
	}
	b, err := winapi.AppendTCPTable2(dst, uint32(f), sorted, winapi.Layout{Header: l.HeaderSize(), Row: l.RowSize()})
	if err != nil {
		return b, fmt.Errorf("tcpmib: %w", err)
	}
	return b, nil
}

// LookupModule returns the module that owns the socket s, from its PID and
// ModuleInfo, with GetOwnerModuleFromPidAndInfo: what netstat -b shows. s
// must come from an OWNER_MODULE table fetched on this host moments ago:
// the answer is about the live process with that PID. A socket whose table
// carries no PID or module info is an error wrapping
// [netmib.ErrUnrepresentable].
//
// The name and path are what Windows returns, as it returns them. Windows
// documents ERROR_NOT_FOUND (syscall.Errno(1168)) for a PID of 0 (the idle
// process, and TIME_WAIT rows) and processes that have exited, and
// ERROR_PARTIAL_COPY; these and other failures are wrapped. Where the
// function does not exist (Wine exports none) and elsewhere than Windows,
// the error wraps errors.ErrUnsupported.
func LookupModule(s *netmib.Socket) (netmib.Module, error) {
	if !s.Has(netmib.FieldPID | netmib.FieldModuleInfo) {
		return netmib.Module{}, fmt.Errorf("tcpmib: %w: the socket's table carries no PID and module info", netmib.ErrUnrepresentable)
	}
	name, path, err := winapi.OwnerModule(s.PID, (*[128]byte)(&s.ModuleInfo))
	if err != nil {
		return netmib.Module{}, fmt.Errorf("tcpmib: %w", err)
	}
	return netmib.Module{Name: name, Path: path}, nil
}
