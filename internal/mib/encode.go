package mib

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"

	"github.com/netmib/netmib/addr"
)

// errTooMany is returned by AppendRows for a count the header or an int
// cannot hold.
var errTooMany = errors.New("entries overflow dwNumEntries or the buffer size")

// AppendRows appends a table of n rows of layout l to dst: dwNumEntries, the
// header padding as zeros, then n zeroed rows, each filled by put(row, i).
// It is the encoder every package's AppendTable uses. On error it returns
// dst unchanged and the error, with the index of the entry put failed on.
func (l *Layout) AppendRows(dst []byte, n int, put func(row []byte, i int) error) ([]byte, error) {
	if uint64(n) > math.MaxUint32 || n > (math.MaxInt-l.HeaderSize)/l.RowSize {
		return dst, fmt.Errorf("%d %w", n, errTooMany)
	}
	start := len(dst)
	size := l.HeaderSize + n*l.RowSize
	out := slices.Grow(dst, size)[:start+size]
	clear(out[start:])
	binary.LittleEndian.PutUint32(out[start:], uint32(n))
	for i := range n {
		off := start + l.HeaderSize + i*l.RowSize
		if err := put(out[off:off+l.RowSize], i); err != nil {
			return dst, fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return out, nil
}

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
