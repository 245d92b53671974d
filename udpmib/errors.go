package udpmib

import (
	"errors"

	"github.com/netmib/netmib/internal/mib"
)

// ErrTruncated is returned (wrapped in a [*FormatError]) when a buffer is
// too short for the table header or for the rows its dwNumEntries declares.
var ErrTruncated = errors.New("udpmib: truncated table")

// ErrUnknownLayout is returned when a [Layout] value, or a family and class,
// names no table layout this package decodes.
var ErrUnknownLayout = errors.New("udpmib: unknown table layout")

// ErrUnrepresentable is returned by [Layout.AppendTable] when an entry holds
// a value the layout cannot store, such as an IPv6 address in an IPv4 table.
var ErrUnrepresentable = errors.New("udpmib: value does not fit the table layout")

// ErrInvalidEntry is returned (wrapped, with the cause) by
// [Entry.UnmarshalJSON] when the JSON is not an entry.
var ErrInvalidEntry = errors.New("udpmib: invalid entry")

// FormatError reports a buffer that cannot hold the table it declares; it is
// tcpmib.FormatError, and here it wraps [ErrTruncated]. See that type for
// its fields.
type FormatError = mib.FormatError
