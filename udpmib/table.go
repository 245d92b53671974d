package udpmib

import (
	"encoding/binary"
	"fmt"
	"iter"
	"net/netip"
	"slices"

	"github.com/netmib/netmib"
)

// A Table is a validated view of a UDP table buffer. It does not copy the
// buffer: its rows read from it, and are valid only while it is unchanged.
//
// The zero Table is an empty table of no layout.
type Table struct {
	rows   []byte // the declared rows, without header or slack
	layout Layout
}

// ParseTable validates b as the table GetExtendedUdpTable writes for family
// f and class c (see [LayoutOf]) and returns a view of it.
//
// b must hold the header and the dwNumEntries rows it declares, and declare
// at most [netmib.MaxRows]; bytes after the last row are ignored. Otherwise
// ParseTable returns a [*netmib.FormatError] wrapping [netmib.ErrTruncated]
// or [netmib.ErrTooManyRows]. A family and class that name no layout give
// an error wrapping [netmib.ErrUnknownLayout]. ParseTable neither copies b
// nor allocates, except for the error it returns.
func ParseTable(b []byte, f netmib.Family, c Class) (Table, error) {
	l, err := LayoutOf(f, c)
	if err != nil {
		return Table{}, err
	}
	return l.Parse(b)
}

// Parse validates b as a table of layout l and returns a view of it; see
// [ParseTable]. An undefined l gives [netmib.ErrUnknownLayout].
func (l Layout) Parse(b []byte) (Table, error) {
	d := l.desc()
	if d == nil {
		return Table{}, fmt.Errorf("%w: %v", netmib.ErrUnknownLayout, l)
	}
	rows, err := d.Rows(b)
	if err != nil {
		return Table{}, err
	}
	return Table{rows: rows, layout: l}, nil
}

// Layout returns the layout of the table's rows, or 0 for the zero Table.
func (t Table) Layout() Layout { return t.layout }

// Len returns the number of rows: dwNumEntries.
func (t Table) Len() int {
	if t.layout == 0 {
		return 0
	}
	return len(t.rows) / layouts[t.layout].RowSize
}

// Row returns a view of row i. It panics if i is outside [0, Len()), as
// indexing a slice does.
func (t Table) Row(i int) Row {
	if uint(i) >= uint(t.Len()) {
		panic(fmt.Sprintf("udpmib: row index %d out of range [0:%d]", i, t.Len()))
	}
	size := layouts[t.layout].RowSize
	return Row{b: t.rows[i*size : (i+1)*size], layout: t.layout} // i < Len() <= MaxRows: no overflow
}

// All returns an iterator over the rows in buffer order, with their indexes.
// It cannot fail: [Parse] has checked every row is present. Neither All nor
// the iteration allocates.
func (t Table) All() iter.Seq2[int, Row] {
	return func(yield func(int, Row) bool) {
		if t.layout == 0 {
			return
		}
		rows, size := t.rows, layouts[t.layout].RowSize
		for i := 0; len(rows) >= size; i++ {
			if !yield(i, Row{b: rows[:size], layout: t.layout}) {
				return
			}
			rows = rows[size:]
		}
	}
}

// Sockets returns an iterator over the decoded rows in buffer order, with
// their indexes: what Row.Socket gives for each row of All, decoded by a
// loop chosen once for the table's layout. Neither Sockets nor the
// iteration allocates.
func (t Table) Sockets() iter.Seq2[int, netmib.Socket] {
	return func(yield func(int, netmib.Socket) bool) {
		if t.layout == 0 {
			return
		}
		s := netmib.Socket{Proto: netmib.UDP, Family: t.layout.Family(), Known: fields[t.layout]}
		if t.layout == IPv6OwnerModule {
			for i := range len(t.rows) / ownerModule6Size {
				decodeOwnerModule6(t.rows[i*ownerModule6Size:], &s)
				if !yield(i, s) {
					return
				}
			}
			return
		}
		l := &layouts[t.layout]
		for i := range len(t.rows) / l.RowSize {
			l.Decode(t.rows[i*l.RowSize:(i+1)*l.RowSize], &s)
			if !yield(i, s) {
				return
			}
		}
	}
}

// AppendSockets appends the decoded value of every row to dst, in buffer
// order, and returns the extended slice: what Row.Socket gives for each
// row, decoded by a loop chosen once for the table's layout. The sockets
// do not refer to the buffer. It allocates only when dst lacks the
// capacity for Len() more sockets, and then once, at most
// [netmib.MaxRows] sockets: a polling loop that passes the previous
// result back as dst[:0] makes no garbage.
func (t Table) AppendSockets(dst []netmib.Socket) []netmib.Socket {
	n := t.Len()
	if n == 0 {
		return dst
	}
	start := len(dst)
	dst = slices.Grow(dst, n)[:start+n]
	out := dst[start:]
	family, known := t.layout.Family(), fields[t.layout]
	if t.layout == IPv6OwnerModule {
		for i := range out {
			s := &out[i]
			decodeOwnerModule6(t.rows[i*ownerModule6Size:], s)
			s.Proto, s.Family, s.Known = netmib.UDP, family, known
		}
		return dst
	}
	l := &layouts[t.layout]
	for i := range out {
		s := &out[i]
		l.Decode(t.rows[i*l.RowSize:(i+1)*l.RowSize], s)
		s.Proto, s.Family, s.Known = netmib.UDP, family, known
	}
	return dst
}

// ownerModule6Size is the size of a MIB_UDP6ROW_OWNER_MODULE.
const ownerModule6Size = 176

// decodeOwnerModule6 sets the members of s from the first 176 bytes of b,
// a MIB_UDP6ROW_OWNER_MODULE, as mib.Layout.Decode does, but at the
// constant offsets of its C struct (see layouts), which lets the compiler
// drop the bounds checks and branches of reading through the layout
// table: the bulk decoders choose it once for the IPv6 OWNER_MODULE table.
// TestOwnerModule6MatchesLayout checks it against the layout table.
func decodeOwnerModule6(b []byte, s *netmib.Socket) {
	r := b[:ownerModule6Size:ownerModule6Size]
	le, be := binary.LittleEndian, binary.BigEndian
	s.Local = netip.AddrPortFrom(netip.AddrFrom16([16]byte(r[0:16])), be.Uint16(r[20:22]))
	s.LocalScopeID = le.Uint32(r[16:20])
	s.PID = le.Uint32(r[24:28])
	s.CreateTimestamp = int64(le.Uint64(r[32:40]))
	s.Flags = le.Uint32(r[40:44])
	s.ModuleInfo = netmib.ModuleInfo(r[48:176])
	s.Remote, s.RemoteScopeID, s.State, s.OffloadState = netip.AddrPort{}, 0, 0, 0
}
