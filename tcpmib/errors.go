package tcpmib

import (
	"errors"

	"github.com/netmib/netmib/internal/mib"
)

// ErrTruncated is returned (wrapped in a [*FormatError]) when a buffer is
// too short for the table header or for the rows its dwNumEntries declares.
var ErrTruncated = errors.New("tcpmib: truncated table")

// ErrUnknownLayout is returned when a [Layout] value, or a family and class,
// names no table layout this package decodes.
var ErrUnknownLayout = errors.New("tcpmib: unknown table layout")

// ErrUnrepresentable is returned by [Layout.AppendTable] when an entry holds
// a value the layout cannot store, such as an IPv6 address in an IPv4 table.
var ErrUnrepresentable = errors.New("tcpmib: value does not fit the table layout")

// ErrInvalidEntry is returned (wrapped, with the cause) by
// [Entry.UnmarshalJSON] when the JSON is not an entry: malformed, of the
// wrong types, or with keys that contradict each other.
var ErrInvalidEntry = errors.New("tcpmib: invalid entry")

// FormatError reports a buffer that cannot hold the table it declares. Its
// fields say which table, at which offset and row the data ran out, and how
// many bytes were needed and present:
//
//	Table string // the SDK name, e.g. "MIB_TCP6TABLE_OWNER_MODULE"
//	Off   int64  // offset of the first header member or row not held completely
//	Row   int64  // index of that row, or -1 when the header is incomplete
//	Count uint32 // dwNumEntries, or 0 when the header is incomplete
//	Want  int64  // bytes the header and the declared rows need
//	Have  int64  // bytes the buffer holds
//
// It wraps [ErrTruncated]: test for it with errors.Is(err, ErrTruncated), and
// read the fields with errors.As. The same type serves package udpmib.
type FormatError = mib.FormatError
