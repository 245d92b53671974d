package tcpmib

import (
	"fmt"
	"iter"
	"slices"

	"github.com/netmib/netmib"
)

// A Table is a validated view of a TCP table buffer. It does not copy the
// buffer: its rows read from it, and are valid only while it is unchanged.
//
// The zero Table is an empty table of no layout.
type Table struct {
	rows   []byte // the declared rows, without header or slack
	layout Layout
}

// Parse validates b as a MIB_TCP6TABLE_OWNER_MODULE, the buffer
// GetExtendedTcpTable writes for AF_INET6 and the TCP_TABLE_OWNER_MODULE_*
// classes, and returns a view of it. It is IPv6OwnerModule.Parse(b).
//
// b must hold the 8-byte header and the dwNumEntries rows of 192 bytes it
// declares, and declare at most [netmib.MaxRows]; bytes after the last row
// are ignored. Otherwise Parse returns a [*netmib.FormatError] wrapping
// [netmib.ErrTruncated] or [netmib.ErrTooManyRows]. Parse neither copies b
// nor allocates, except for the error it returns.
func Parse(b []byte) (Table, error) {
	return IPv6OwnerModule.Parse(b)
}

// ParseTable validates b as the table GetExtendedTcpTable writes for family
// f and class c (see [LayoutOf]) and returns a view of it, as [Parse] does
// for the IPv6 OWNER_MODULE table. A family and class that name no layout
// give an error wrapping [netmib.ErrUnknownLayout].
func ParseTable(b []byte, f netmib.Family, c Class) (Table, error) {
	l, err := LayoutOf(f, c)
	if err != nil {
		return Table{}, err
	}
	return l.Parse(b)
}

// Parse validates b as a table of layout l and returns a view of it; see the
// package-level [Parse]. An undefined l gives [netmib.ErrUnknownLayout].
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
		panic(fmt.Sprintf("tcpmib: row index %d out of range [0:%d]", i, t.Len()))
	}
	l := &layouts[t.layout]
	return Row{b: t.rows[i*l.RowSize : (i+1)*l.RowSize], layout: t.layout} // i < Len() <= MaxRows: no overflow
}

// All returns an iterator over the rows in buffer order, with their indexes.
// It cannot fail: [Parse] has checked every row is present. Neither All nor
// the iteration allocates.
func (t Table) All() iter.Seq2[int, Row] {
	return func(yield func(int, Row) bool) {
		if t.layout == 0 {
			return
		}
		l := &layouts[t.layout]
		rows, size := t.rows, l.RowSize
		for i := 0; len(rows) >= size; i++ {
			if !yield(i, Row{b: rows[:size], layout: t.layout}) {
				return
			}
			rows = rows[size:]
		}
	}
}

// AppendEntries appends the decoded value of every row to dst, in buffer
// order, and returns the extended slice. The entries do not refer to the
// buffer. It allocates only when dst lacks the capacity for Len() more
// entries, and then once, at most [netmib.MaxRows] entries: a polling loop
// that passes the previous result back as dst[:0] makes no garbage.
func (t Table) AppendEntries(dst []Entry) []Entry {
	n := t.Len()
	if n == 0 {
		return dst
	}
	start := len(dst)
	dst = slices.Grow(dst, n)[:start+n]
	out := dst[start:]
	for i, r := range t.All() {
		r.decodeTo(&out[i])
	}
	return dst
}
