package mib

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"slices"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/addr"
)

// AppendTable appends the header of a table of n rows of layout l to dst,
// dwNumEntries and zeroed padding, and n zeroed rows, and returns the
// extended slice with the rows: the caller fills them with the Put methods.
// A count that dwNumEntries or an int cannot hold is an error wrapping
// netmib.ErrUnrepresentable, and so is one above netmib.MaxRows, which no
// decoder would accept.
func (l *Layout) AppendTable(dst []byte, n int) (out, rows []byte, err error) {
	if n < 0 || uint64(n) > math.MaxUint32 || n > netmib.MaxRows {
		return dst, nil, fmt.Errorf("%w: %d rows, more than %s may have (netmib.MaxRows is %d)", netmib.ErrUnrepresentable, n, l.Name, netmib.MaxRows)
	}
	start := len(dst)
	size := l.HeaderSize + n*l.RowSize // n <= MaxRows: no overflow
	out = slices.Grow(dst, size)[:start+size]
	clear(out[start:])
	binary.LittleEndian.PutUint32(out[start:], uint32(n))
	return out, out[start+l.HeaderSize:], nil
}

// unrepresentable returns the error for a value of member that row layout
// l cannot store.
func (l *Layout) unrepresentable(member, why string) error {
	return fmt.Errorf("%w: %s %s", netmib.ErrUnrepresentable, member, why)
}

// PutAddr writes a to the address member at off, in the form the layout
// uses. A 16-byte member takes any address without a zone: an IPv4 address
// is written in its IPv4-mapped form and the zero Addr as ::. A 4-byte
// member takes IPv4 and IPv4-mapped addresses and the zero Addr (as
// 0.0.0.0). An Absent member takes only the zero Addr. Anything else is an
// error wrapping netmib.ErrUnrepresentable that names member.
func (l *Layout) PutAddr(row []byte, off int, a netip.Addr, member string) error {
	switch {
	case a.Zone() != "":
		return l.unrepresentable(member, fmt.Sprintf("%s has a zone; the scope ID goes in its own member", a))
	case off == Absent:
		if a.IsValid() {
			return l.unrepresentable(member, "is set, but "+l.Name+" has none")
		}
	case l.IPv6:
		addr.PutIPv6(row[off:], a)
	case a.IsValid():
		a = a.Unmap()
		if !a.Is4() {
			return l.unrepresentable(member, fmt.Sprintf("%s is not an IPv4 address, as %s needs", a, l.Name))
		}
		a4 := a.As4()
		copy(row[off:off+4], a4[:])
	}
	return nil
}

// PutPort writes port to the port DWORD at off as addr.PutPort does; an
// Absent member takes only 0.
func (l *Layout) PutPort(row []byte, off int, port uint16, member string) error {
	if off == Absent {
		return l.absent(port != 0, member)
	}
	addr.PutPort(row[off:], port)
	return nil
}

// PutDWORD writes v little-endian to the DWORD member at off; an Absent
// member takes only 0.
func (l *Layout) PutDWORD(row []byte, off int, v uint32, member string) error {
	if off == Absent {
		return l.absent(v != 0, member)
	}
	binary.LittleEndian.PutUint32(row[off:], v)
	return nil
}

// PutInt64 writes v little-endian to the 8-byte member at off; an Absent
// member takes only 0.
func (l *Layout) PutInt64(row []byte, off int, v int64, member string) error {
	if off == Absent {
		return l.absent(v != 0, member)
	}
	binary.LittleEndian.PutUint64(row[off:], uint64(v))
	return nil
}

// PutModuleInfo writes m to the OwningModuleInfo member at off; an Absent
// member takes only zeros.
func (l *Layout) PutModuleInfo(row []byte, off int, m *netmib.ModuleInfo) error {
	if off == Absent {
		return l.absent(!m.IsZero(), "OwningModuleInfo")
	}
	copy(row[off:off+ModuleInfoLen], m[:])
	return nil
}

// Encode writes s to row, a zeroed row of layout l: the encoder that Decode
// inverts. s must be a socket of the layout: of protocol p, of the
// layout's family, and carrying exactly the members the layout has
// (Known is l.Fields()); a member it does not carry must be zero. An
// address must have no zone (the scope ID has its own member), and an
// IPv4 layout takes only IPv4 (or IPv4-mapped) addresses. Anything else
// is an error wrapping netmib.ErrUnrepresentable, and row is then left
// partly written.
func (l *Layout) Encode(row []byte, p netmib.Proto, s *netmib.Socket) error {
	family := netmib.IPv4
	if l.IPv6 {
		family = netmib.IPv6
	}
	if s.Proto != p || s.Family != family {
		return l.unrepresentable("the socket", fmt.Sprintf("is %v over %v, but %s holds %v over %v", s.Proto, s.Family, l.Name, p, family))
	}
	if want := l.Fields(); s.Known != want {
		return l.unrepresentable("the socket", fmt.Sprintf("carries the members %#x, but %s has %#x", s.Known, l.Name, want))
	}
	return cmp.Or(
		l.PutAddr(row, l.LocalAddr, s.Local.Addr(), "local address"),
		l.PutPort(row, l.LocalPort, s.Local.Port(), "dwLocalPort"),
		l.PutDWORD(row, l.LocalScopeID, s.LocalScopeID, "dwLocalScopeId"),
		l.PutAddr(row, l.RemoteAddr, s.Remote.Addr(), "remote address"),
		l.PutPort(row, l.RemotePort, s.Remote.Port(), "dwRemotePort"),
		l.PutDWORD(row, l.RemoteScopeID, s.RemoteScopeID, "dwRemoteScopeId"),
		l.PutDWORD(row, l.State, uint32(s.State), "dwState"),
		l.PutDWORD(row, l.PID, s.PID, "dwOwningPid"),
		l.PutInt64(row, l.CreateTimestamp, s.CreateTimestamp, "liCreateTimestamp"),
		l.PutModuleInfo(row, l.ModuleInfo, &s.ModuleInfo),
		l.PutDWORD(row, l.Flags, s.Flags, "dwFlags"),
		l.PutDWORD(row, l.OffloadState, uint32(s.OffloadState), "dwOffloadState"),
	)
}

func (l *Layout) absent(set bool, member string) error {
	if set {
		return l.unrepresentable(member, "is set, but "+l.Name+" has none")
	}
	return nil
}
