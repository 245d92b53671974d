package tcpmib

import (
	"fmt"
	"iter"
	"math/bits"
	"slices"

	"github.com/netmib/netmib/internal/mib"
)

// A Table is a validated view of a TCP table buffer. It does not copy the
// buffer: its rows read from it, and are valid only while it is unchanged.
//
// The zero Table is an empty table of no layout.
type Table struct {
	// Table and Row are no larger than four words, so that the compiler
	// keeps them in registers; larger structs are copied through memory on
	// every call, which costs more than decoding a member.
	rows []byte      // the declared rows, without header or slack: len is a multiple of the row size
	l    *mib.Layout // nil for the zero Table
}

// Parse validates b as a MIB_TCP6TABLE_OWNER_MODULE, the buffer
// GetExtendedTcpTable writes for AF_INET6 and the TCP_TABLE_OWNER_MODULE_*
// classes, and returns a view of it. It is IPv6OwnerModule.Parse(b).
//
// b must hold the 8-byte header and the dwNumEntries rows of 192 bytes it
// declares; bytes after the last row are ignored. Otherwise Parse returns a
// [*FormatError] wrapping [ErrTruncated]. Parse neither copies b nor
// allocates, except for the error it returns.
func Parse(b []byte) (Table, error) {
	return IPv6OwnerModule.Parse(b)
}

// ParseTable validates b as the table GetExtendedTcpTable writes for family
// f and class c (see [LayoutOf]) and returns a view of it, as [Parse] does
// for the IPv6 OWNER_MODULE table. A family and class that name no layout
// give an error wrapping [ErrUnknownLayout].
func ParseTable(b []byte, f Family, c Class) (Table, error) {
	l, err := LayoutOf(f, c)
	if err != nil {
		return Table{}, err
	}
	return l.Parse(b)
}

// Parse validates b as a table of layout l and returns a view of it; see the
// package-level [Parse]. An undefined l gives [ErrUnknownLayout].
func (l Layout) Parse(b []byte) (Table, error) {
	d := l.desc()
	if d == nil {
		return Table{}, ErrUnknownLayout
	}
	n, err := d.Rows(b, ErrTruncated)
	if err != nil {
		return Table{}, err
	}
	return Table{rows: b[d.HeaderSize : d.HeaderSize+n*d.RowSize], l: d}, nil
}

// Layout returns the layout of the table's rows, or 0 for the zero Table.
func (t Table) Layout() Layout {
	if t.l == nil {
		return 0
	}
	return Layout(t.l.ID)
}

// Len returns the number of rows: dwNumEntries.
func (t Table) Len() int {
	if t.l == nil {
		return 0
	}
	return len(t.rows) / t.l.RowSize
}

// Row returns a view of row i. It panics if i is outside [0, Len()), as
// indexing a slice does.
func (t Table) Row(i int) Row {
	if t.l != nil && uint(i) < uint(len(t.rows)) { // a row has at least one byte
		size := uint(t.l.RowSize)
		if hi, off := bits.Mul(uint(i), size); hi == 0 && off < uint(len(t.rows)) {
			return Row{b: t.rows[off : off+size], o: t.l.Offsets}
		}
	}
	panic(fmt.Sprintf("tcpmib: row index %d out of range [0:%d]", i, t.Len()))
}

// All returns an iterator over the rows in buffer order, with their indexes.
// It cannot fail: [Parse] has checked every row is present. Neither All nor
// the iteration allocates.
func (t Table) All() iter.Seq2[int, Row] {
	return func(yield func(int, Row) bool) {
		if t.l == nil {
			return
		}
		size, o, rows := t.l.RowSize, t.l.Offsets, t.rows
		for i := 0; len(rows) >= size; i++ {
			if !yield(i, Row{b: rows[:size], o: o}) {
				return
			}
			rows = rows[size:]
		}
	}
}

// AppendEntries appends the decoded value of every row to dst, in buffer
// order, and returns the extended slice. The entries do not refer to the
// buffer. It allocates only when dst lacks the capacity for Len() more
// entries, and then once: a polling loop that passes the previous result
// back as dst[:0] makes no garbage.
func (t Table) AppendEntries(dst []Entry) []Entry {
	n := t.Len()
	if n == 0 {
		return dst
	}
	start := len(dst)
	dst = slices.Grow(dst, n)[:start+n]
	size, o, rows := t.l.RowSize, t.l.Offsets, t.rows
	for i := range dst[start:] {
		Row{b: rows[:size], o: o}.decodeTo(&dst[start+i])
		rows = rows[size:]
	}
	return dst
}
