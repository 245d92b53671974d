package mib

import (
	"encoding/binary"
	"errors"
	"net/netip"

	"github.com/netmib/netmib/addr"
)

// errNotIPv4 is returned by PutAddr for an address an IPv4 member cannot hold.
var errNotIPv4 = errors.New("not an IPv4 address")

// PutAddr writes a to the address member of row b at off, in the form the
// layout uses; nothing when the member is absent. A 16-byte member takes any
// address (see addr.PutIPv6); a 4-byte one takes IPv4 and IPv4-mapped
// addresses and the zero Addr (as 0.0.0.0), and anything else is an error.
func PutAddr(b []byte, v6 bool, off int, a netip.Addr) error {
	if off == Absent {
		return nil
	}
	if v6 {
		addr.PutIPv6(b[off:], a)
		return nil
	}
	a = a.Unmap()
	if !a.Is4() && a.IsValid() {
		return errNotIPv4
	}
	if a.IsValid() {
		a4 := a.As4()
		copy(b[off:off+4], a4[:])
	}
	return nil
}

// PutPort writes port to the port DWORD of row b at off; see addr.PutPort.
func PutPort(b []byte, off int, port uint16) {
	if off != Absent {
		addr.PutPort(b[off:], port)
	}
}

// PutDWORD writes v little-endian to the DWORD member of row b at off.
func PutDWORD(b []byte, off int, v uint32) {
	if off != Absent {
		binary.LittleEndian.PutUint32(b[off:], v)
	}
}

// PutTimestamp writes the FILETIME ft little-endian to the member of row b at off.
func PutTimestamp(b []byte, off int, ft int64) {
	if off != Absent {
		binary.LittleEndian.PutUint64(b[off:], uint64(ft))
	}
}
