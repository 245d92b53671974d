package ipconfig

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/internal/text"
)

// A Kind names one of the four tables.
type Kind uint8

// The tables, in the order snapshot.Take fetches them.
const (
	Interfaces Kind = iota + 1 // MIB_IF_TABLE2, from GetIfTable2
	Addresses                  // MIB_UNICASTIPADDRESS_TABLE, from GetUnicastIpAddressTable(AF_UNSPEC)
	Routes                     // MIB_IPFORWARD_TABLE2, from GetIpForwardTable2(AF_UNSPEC)
	Neighbors                  // MIB_IPNET_TABLE2, from GetIpNetTable2(AF_UNSPEC)
)

// Kinds returns the four kinds, in order.
func Kinds() []Kind { return []Kind{Interfaces, Addresses, Routes, Neighbors} }

// layouts describes each table for the shared validation: every table is
// a ULONG NumEntries, four bytes of padding (the rows hold 8-byte members)
// and NumEntries rows of RowSize bytes. The member offsets are in the
// files of each row, under its C struct.
var layouts = [...]struct {
	mib.Layout
	function string
}{
	{mib.None, ""},
	{named("MIB_IF_TABLE2", ifRowSize), "GetIfTable2"},
	{named("MIB_UNICASTIPADDRESS_TABLE", addrRowSize), "GetUnicastIpAddressTable"},
	{named("MIB_IPFORWARD_TABLE2", routeRowSize), "GetIpForwardTable2"},
	{named("MIB_IPNET_TABLE2", neighborRowSize), "GetIpNetTable2"},
}

func named(name string, rowSize int) mib.Layout {
	l := mib.None
	l.Name, l.HeaderSize, l.RowSize = name, headerSize, rowSize
	return l
}

// headerSize is the offset of the first row in every table: the ULONG
// NumEntries rounded up to the rows' 8-byte alignment.
const headerSize = 8

func (k Kind) valid() bool { return k >= Interfaces && k <= Neighbors }

// String returns the SDK name of the table, such as "MIB_IF_TABLE2", or
// "Kind(n)".
func (k Kind) String() string {
	if !k.valid() {
		return fmt.Sprintf("Kind(%d)", uint8(k))
	}
	return layouts[k].Name
}

// Function returns the IP Helper function that returns the table, such as
// "GetIfTable2", or "" for an invalid Kind.
func (k Kind) Function() string {
	if !k.valid() {
		return ""
	}
	return layouts[k].function
}

// HeaderSize returns the offset of the table's first row: 8.
func (k Kind) HeaderSize() int { return headerSize }

// RowSize returns the size of one row: 1352 (MIB_IF_ROW2), 80
// (MIB_UNICASTIPADDRESS_ROW), 104 (MIB_IPFORWARD_ROW2) or 88
// (MIB_IPNET_ROW2); 0 for an invalid Kind.
func (k Kind) RowSize() int {
	if !k.valid() {
		return 0
	}
	return layouts[k].RowSize
}

// KindOf returns the kind of table the function fn returns, by its name
// ("GetIfTable2") or the table's ("MIB_IF_TABLE2").
func KindOf(fn string) (Kind, error) {
	for _, k := range Kinds() {
		if fn == k.Function() || fn == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: no IP Helper table %s", netmib.ErrUnknownLayout, text.Quote(fn))
}

// rows validates b as a table of kind k and returns its rows, exactly
// NumEntries of them.
func (k Kind) rows(b []byte) ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("%w: %v", netmib.ErrUnknownLayout, k)
	}
	return layouts[k].Rows(b)
}

// Identify returns the kinds of table whose Check b passes, in the order
// of Kinds: what a buffer of unknown origin can be. Check wants the size
// to be exactly the header and NumEntries rows, and the row sizes differ,
// so a table with rows fits at most one kind; an empty table fits all
// four.
func Identify(b []byte) []Kind {
	var out []Kind
	for _, k := range Kinds() {
		if k.Check(b) == nil {
			out = append(out, k)
		}
	}
	return out
}
