package tcpmib

import (
	"fmt"
	"iter"
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
	t mib.Table
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
	t, err := d.Parse(b, ErrTruncated)
	return Table{t}, err
}

// Layout returns the layout of the table's rows, or 0 for the zero Table.
func (t Table) Layout() Layout {
	if t.t.Layout == nil {
		return 0
	}
	return Layout(t.t.Layout.ID)
}

// Len returns the number of rows: dwNumEntries.
func (t Table) Len() int { return t.t.Len() }

// Row returns a view of row i. It panics if i is outside [0, Len()), as
// indexing a slice does.
func (t Table) Row(i int) Row {
	b, ok := t.t.Row(i)
	if !ok {
		panic(fmt.Sprintf("tcpmib: row index %d out of range [0:%d]", i, t.Len()))
	}
	return Row{b: b, o: t.t.Layout.Offsets}
}

// All returns an iterator over the rows in buffer order, with their indexes.
// It cannot fail: [Parse] has checked every row is present. Neither All nor
// the iteration allocates.
func (t Table) All() iter.Seq2[int, Row] {
	return func(yield func(int, Row) bool) {
		if t.t.Layout == nil {
			return
		}
		size, o, rows := t.t.Layout.RowSize, t.t.Layout.Offsets, t.t.Rows
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
	size, o, rows := t.t.Layout.RowSize, t.t.Layout.Offsets, t.t.Rows
	for i := range dst[start:] {
		Row{b: rows[:size], o: o}.decodeTo(&dst[start+i])
		rows = rows[size:]
	}
	return dst
}
