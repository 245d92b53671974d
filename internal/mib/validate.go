package mib

import "encoding/binary"

// countLen is the size of dwNumEntries, the DWORD at offset 0 of every table.
const countLen = 4

// Rows validates b as a table of layout l and returns the number of rows it
// holds: dwNumEntries, once the buffer is known to hold the header and that
// many complete rows. Bytes after the last row are allowed and ignored, since
// Windows reports more than it writes (SPEC section 1).
//
// The check divides the bytes available by the row size instead of
// multiplying the untrusted count, so that no count can overflow it, and Rows
// allocates nothing but the error it returns. errTruncated is the calling
// package's sentinel, which the error wraps.
func (l *Spec) Rows(b []byte, errTruncated error) (int, error) {
	if len(b) < l.HeaderSize {
		off := 0 // dwNumEntries is incomplete
		if len(b) >= countLen {
			off = countLen // the padding after it is
		}
		return 0, &FormatError{
			Table: l.Name, Off: int64(off), Row: -1,
			Want: int64(l.HeaderSize), Have: int64(len(b)),
			pkg: l.Pkg, err: errTruncated,
		}
	}
	count := binary.LittleEndian.Uint32(b)
	fit := (len(b) - l.HeaderSize) / l.RowSize
	if uint64(count) > uint64(fit) {
		return 0, &FormatError{
			Table: l.Name, Off: int64(l.HeaderSize) + int64(fit)*int64(l.RowSize), Row: int64(fit),
			Count: count, Want: int64(l.HeaderSize) + int64(count)*int64(l.RowSize), Have: int64(len(b)),
			pkg: l.Pkg, err: errTruncated,
		}
	}
	return int(count), nil
}
