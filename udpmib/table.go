package udpmib

import (
	"fmt"
	"iter"
	"slices"

	"github.com/netmib/netmib/internal/mib"
)

// A Table is a validated view of a UDP table buffer. It does not copy the
// buffer: its rows read from it, and are valid only while it is unchanged.
// The zero Table is an empty table of no layout.
type Table struct {
	t mib.Table // four words: kept in registers, as tcpmib.Table explains
}

// ParseTable validates b as the table GetExtendedUdpTable writes for family
// f and class c (see [LayoutOf]) and returns a view of it. b must hold the
// header and the dwNumEntries rows it declares; bytes after the last row are
// ignored. Otherwise the error is a [*FormatError] wrapping [ErrTruncated],
// or wraps [ErrUnknownLayout]. ParseTable neither copies b nor allocates,
// except for the error it returns.
func ParseTable(b []byte, f Family, c Class) (Table, error) {
	l, err := LayoutOf(f, c)
	if err != nil {
		return Table{}, err
	}
	return l.Parse(b)
}

// Parse validates b as a table of layout l; see [ParseTable]. An undefined l
// gives [ErrUnknownLayout].
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
		panic(fmt.Sprintf("udpmib: row index %d out of range [0:%d]", i, t.Len()))
	}
	return Row{b: b, o: t.t.Layout.Offsets}
}

// All returns an iterator over the rows in buffer order, with their indexes.
// Neither All nor the iteration allocates.
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

// AppendEntries appends the decoded value of every row to dst and returns
// the extended slice. It allocates only when dst lacks the capacity for
// Len() more entries, and then once.
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
