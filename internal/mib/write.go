package mib

import (
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

// PutOffloadState writes v to dwOffloadState when known, which must be
// exactly when the layout has the member: a known state cannot go where
// there is none, and a row of a layout with one cannot say it has none.
func (l *Layout) PutOffloadState(row []byte, v uint32, known bool) error {
	switch has := l.OffloadState != Absent; {
	case known && !has:
		return l.unrepresentable("dwOffloadState", "is known, but "+l.Name+" has none")
	case !known && has:
		return l.unrepresentable("dwOffloadState", "is unknown, but "+l.Name+" needs one")
	case has:
		binary.LittleEndian.PutUint32(row[l.OffloadState:], v)
	}
	return nil
}

func (l *Layout) absent(set bool, member string) error {
	if set {
		return l.unrepresentable(member, "is set, but "+l.Name+" has none")
	}
	return nil
}
