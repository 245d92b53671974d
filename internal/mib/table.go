package mib

import "math/bits"

// A Table is a validated table buffer: its declared rows and their layout.
// tcpmib.Table and udpmib.Table wrap it. It is four words, so that the
// compiler keeps it, and the row views made from it, in registers.
type Table struct {
	Rows   []byte  // the declared rows, without header or slack: len is a multiple of the row size
	Layout *Layout // nil for the zero Table
}

// Parse validates b as a table of layout l (see [Spec.Rows]) and returns
// its rows; it neither copies b nor allocates, but for the error.
func (l *Layout) Parse(b []byte, errTruncated error) (Table, error) {
	n, err := l.Rows(b, errTruncated)
	if err != nil {
		return Table{}, err
	}
	return Table{Rows: b[l.HeaderSize : l.HeaderSize+n*l.RowSize], Layout: l}, nil
}

// Len returns the number of rows.
func (t Table) Len() int {
	if t.Layout == nil {
		return 0
	}
	return len(t.Rows) / t.Layout.RowSize
}

// Row returns the bytes of row i, and false if i is out of range.
func (t Table) Row(i int) ([]byte, bool) {
	if t.Layout == nil || uint(i) >= uint(len(t.Rows)) { // a row has at least one byte
		return nil, false
	}
	size := uint(t.Layout.RowSize)
	hi, off := bits.Mul(uint(i), size)
	if hi != 0 || off >= uint(len(t.Rows)) {
		return nil, false
	}
	return t.Rows[off : off+size], true
}
