package netmib

import (
	"errors"
	"strconv"
)

// MaxRows is the most rows a table may declare. The decoders reject a
// larger dwNumEntries with a [*FormatError] wrapping [ErrTooManyRows], even
// when the buffer holds every row, so that decoding a table into values
// (tcpmib.Table.AppendSockets, udpmib.Table.AppendSockets) allocates at most
// MaxRows sockets, about 240 MiB on 64-bit hosts and less on 32-bit ones,
// whatever the input. The limit is the same on every architecture and far
// above any real host: a Windows host with tens of thousands of sockets is
// busy, and MaxRows is over a million.
const MaxRows = 1 << 20

// ErrTruncated is returned, wrapped in a [*FormatError], when a buffer is too
// short for its table's header or for the rows its dwNumEntries declares.
// Every decoder of this module returns the same sentinel.
var ErrTruncated = errors.New("netmib: truncated table")

// ErrTooManyRows is returned, wrapped in a [*FormatError], when a table
// declares more than [MaxRows] rows.
var ErrTooManyRows = errors.New("netmib: too many rows")

// ErrMismatch is returned, wrapped in a [*FormatError], by the checks that
// tell whether a buffer holds the table layout it is said to hold
// (tcpmib.Layout.Check, udpmib.Layout.Check): when the buffer has bytes a
// producer of that layout never writes, such as a state that is no
// MIB_TCP_STATE, padding that is not zero, or more bytes after the rows
// than Windows reports. FormatError.Why says which.
var ErrMismatch = errors.New("netmib: buffer does not match the table layout")

// ErrUnknownLayout is returned when a layout value, or a family and class,
// names no table layout the decoders know.
var ErrUnknownLayout = errors.New("netmib: unknown table layout")

// ErrUnrepresentable is returned by the encoders when a socket holds a value
// the table layout cannot store: an IPv6 address in an IPv4 table, an
// address with a zone, or a member the layout does not have.
var ErrUnrepresentable = errors.New("netmib: value does not fit the table layout")

// ErrInvalidSocket is returned, wrapped with its cause, when JSON does not
// describe a [Socket]: malformed, of the wrong types, or with keys that
// contradict each other.
var ErrInvalidSocket = errors.New("netmib: invalid socket")

// A FormatError reports a buffer that cannot be the table it is decoded as:
// too short for its header or for the rows its dwNumEntries declares
// ([ErrTruncated]), declaring more than [MaxRows] rows ([ErrTooManyRows]),
// or holding bytes that contradict the layout ([ErrMismatch]). Test for
// the kind with errors.Is, and read the fields with errors.As.
type FormatError struct {
	Table string // the SDK name of the table layout, such as "MIB_TCP6TABLE_OWNER_MODULE"
	Off   int64  // offset of the first byte at fault: of the header member or row the buffer does not hold completely, or of the member that contradicts the layout; 0 for ErrTooManyRows
	Row   int64  // index of that row, or -1 when the fault is in the header, the count or the size
	Count uint32 // dwNumEntries (NumEntries in the tables of package ipconfig), or 0 when the header is incomplete
	Want  int64  // bytes the header and the rows it declares need
	Have  int64  // bytes the buffer holds
	Why   string // for ErrMismatch, what contradicts the layout, such as "dwState 77 is not a MIB_TCP_STATE value"
	Err   error  // ErrTruncated, ErrTooManyRows or ErrMismatch
}

// Error describes what was expected and what was found, on one line.
func (e *FormatError) Error() string {
	b := make([]byte, 0, 160)
	b = append(b, "netmib: "...)
	table := e.Table
	if table == "" {
		table = "table"
	}
	if errors.Is(e.Err, ErrMismatch) {
		b = append(b, "buffer is not a "...)
		b = append(b, table...)
		if e.Row >= 0 {
			b = append(b, ": row "...)
			b = strconv.AppendInt(b, e.Row, 10)
			b = append(b, " at offset "...)
			b = strconv.AppendInt(b, e.Off, 10)
		} else if e.Off > 0 && e.Off < e.Want {
			b = append(b, ": at offset "...)
			b = strconv.AppendInt(b, e.Off, 10)
		}
		b = append(b, ": "...)
		b = append(b, e.Why...)
		return string(b)
	}
	if errors.Is(e.Err, ErrTooManyRows) {
		b = append(b, table...)
		b = append(b, ": "+countName(table)+" "...)
		b = strconv.AppendUint(b, uint64(e.Count), 10)
		b = append(b, " is more than the "...)
		b = strconv.AppendInt(b, MaxRows, 10)
		b = append(b, " rows a table may have"...)
		return string(b)
	}
	b = append(b, "truncated "...)
	b = append(b, table...)
	if e.Row < 0 {
		b = append(b, ": header needs "...)
	} else {
		b = append(b, ": "+countName(table)+" "...)
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

// countName returns the name the SDK gives the row count of a table:
// NumEntries in the tables of netioapi.h, dwNumEntries in the others.
func countName(table string) string {
	switch table {
	case "MIB_IF_TABLE2", "MIB_UNICASTIPADDRESS_TABLE", "MIB_IPFORWARD_TABLE2", "MIB_IPNET_TABLE2":
		return "NumEntries"
	}
	return "dwNumEntries"
}

// Unwrap returns e.Err: [ErrTruncated], [ErrTooManyRows] or [ErrMismatch].
func (e *FormatError) Unwrap() error { return e.Err }
