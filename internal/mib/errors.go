package mib

import (
	"strconv"
)

// A FormatError reports a buffer that cannot hold the table it declares: too
// short for its header, or for the rows its dwNumEntries counts. It wraps the
// ErrTruncated sentinel of the package that returned it, so both errors.Is
// and errors.As work on it.
type FormatError struct {
	Table string // the SDK name of the table layout, e.g. "MIB_TCP6TABLE_OWNER_MODULE"
	Off   int64  // offset of the first header member or row the buffer does not hold completely
	Row   int64  // index of that row, or -1 when the header is incomplete
	Count uint32 // dwNumEntries, or 0 when the header is incomplete
	Want  int64  // bytes the header and the rows it declares need
	Have  int64  // bytes the buffer holds

	pkg string // "tcpmib" or "udpmib"
	err error  // the package's ErrTruncated
}

// Error describes what was expected and what was found, on one line.
func (e *FormatError) Error() string {
	b := make([]byte, 0, 160)
	if e.pkg != "" {
		b = append(b, e.pkg...)
		b = append(b, ": "...)
	}
	b = append(b, "truncated "...)
	if e.Table == "" {
		b = append(b, "table"...)
	}
	b = append(b, e.Table...)
	if e.Row < 0 {
		b = append(b, ": header needs "...)
	} else {
		b = append(b, ": dwNumEntries "...)
		b = strconv.AppendUint(b, uint64(e.Count), 10)
		b = append(b, " needs "...)
	}
	b = strconv.AppendInt(b, e.Want, 10)
	b = append(b, " bytes, buffer has "...)
	b = strconv.AppendInt(b, e.Have, 10)
	if e.Row >= 0 {
		b = append(b, " (row "...)
		b = strconv.AppendInt(b, e.Row, 10)
		b = append(b, " at offset "...)
		b = strconv.AppendInt(b, e.Off, 10)
		b = append(b, " is incomplete)"...)
	}
	return string(b)
}

// Unwrap returns the ErrTruncated sentinel of the package that returned e.
func (e *FormatError) Unwrap() error { return e.err }
