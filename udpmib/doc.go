// Package udpmib decodes the UDP endpoint tables that Windows'
// GetExtendedUdpTable returns, for IPv4 and IPv6, with no owner, with the
// owning PID, or with the owning PID, creation time, SpecificPortBind flag
// and owning module: UDP_TABLE_BASIC, UDP_TABLE_OWNER_PID and
// UDP_TABLE_OWNER_MODULE.
//
// It works as package tcpmib does, on every OS, with the accessors a UDP
// row has, and decodes its rows into the same [netmib.Socket]:
//
//	t, err := udpmib.ParseTable(buf, netmib.IPv6, udpmib.OwnerModule)
//	if err != nil {
//		return err // errors.Is(err, netmib.ErrTruncated)
//	}
//	for _, r := range t.All() {
//		fmt.Println(r.Local(), r.LocalScopeID(), r.PID(), r.SpecificPortBind(), r.Created())
//	}
//
// # Wire format
//
// A table is a little-endian DWORD dwNumEntries at offset 0 and that many
// rows, from offset 4, or from offset 8 for the OWNER_MODULE tables, whose
// rows hold 8-byte members. [Layout] lists the six layouts with their C
// structs. The OWNER_MODULE rows have padding holes before
// liCreateTimestamp and before OwningModuleInfo, which are never read; the
// union after the timestamp holds the SpecificPortBind bit-field in bit 0
// of dwFlags. Ports and scope IDs follow the same rules as in tcpmib: the
// port is the first two bytes of its DWORD in network order, the scope a
// little-endian interface index. docs/wire.md in the repository gives the
// source of each fact.
//
// # Aliasing
//
// [Table] and [Row] read from the caller's buffer and are valid only while
// it is unchanged; the [netmib.Socket] values of [Row.Socket] and
// [Table.AppendSockets] refer to nothing.
//
// # Buffers of unknown origin
//
// As in tcpmib, [Layout.Check] refuses a buffer whose bytes contradict the
// layout (its size, the padding holes of the OWNER_MODULE rows, the bits
// of dwFlags other than SpecificPortBind, IPv4 data in IPv6 rows), and
// [Identify] lists the layouts a buffer fits.
//
// # Security
//
// As in tcpmib: the header and count are checked once against the length
// without overflow and without allocating for the count, a table may
// declare at most [netmib.MaxRows] rows, so [Table.AppendSockets] allocates
// at most MaxRows sockets of 240 bytes (on 64-bit hosts), no input makes
// the package panic, and the decoders are fuzzed with the same invariants.
package udpmib
