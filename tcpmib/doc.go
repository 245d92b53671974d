// Package tcpmib decodes the TCP connection tables that Windows'
// GetExtendedTcpTable returns, above all MIB_TCP6TABLE_OWNER_MODULE: IPv6
// sockets with their owning process, creation time and owning module; and
// those of GetTcpTable2 and GetTcp6Table2, whose rows carry each
// connection's offload state.
//
// It runs on every operating system and architecture, so that buffers
// captured on Windows can be decoded anywhere:
//
//	t, err := tcpmib.Parse(buf) // validates; no copy, no allocation
//	if err != nil {
//		return err // errors.Is(err, netmib.ErrTruncated)
//	}
//	for i, r := range t.All() { // r is a zero-copy view of row i
//		fmt.Println(i, r.Local(), r.Remote(), r.State(), r.PID(), r.Created())
//	}
//	sockets := t.AppendSockets(nil) // self-contained, comparable netmib.Socket values
//
// # Wire format
//
// A MIB_TCP6TABLE_OWNER_MODULE is a little-endian DWORD dwNumEntries at
// offset 0, four bytes of padding, and dwNumEntries rows of 192 bytes from
// offset 8 (row i at 8 + 192*i). The layout is the same whether a 32- or a
// 64-bit process produced it. Each member is read at its offset with
// [encoding/binary], never by casting to a struct, so big-endian and 32-bit
// hosts decode the same values:
//
//	offset  member             decoded as
//	0       ucLocalAddr[16]    IPv6 address, network order
//	16      dwLocalScopeId     uint32, little-endian (an interface index)
//	20      dwLocalPort        port in bytes 20-21, network order; 22-23 ignored
//	24      ucRemoteAddr[16]   as local
//	40      dwRemoteScopeId    as local
//	44      dwRemotePort       port in bytes 44-45; 46-47 ignored
//	48      dwState            state.State, little-endian
//	52      dwOwningPid        uint32, little-endian
//	56      liCreateTimestamp  int64 FILETIME, little-endian; 0 = unknown
//	64      OwningModuleInfo   netmib.ModuleInfo, 128 opaque bytes
//
// The quirks a decoder must survive are handled here rather than left to the
// caller: the upper bytes of the port DWORDs may hold uninitialised data and
// are ignored; scope IDs are host-order interface indexes despite the
// documentation; remote members of listening sockets are meaningless but
// decoded as they are; states outside MIB_TCP_STATE are kept, not rejected;
// rows may be in any order; and Windows reports a buffer size larger than the
// table, so bytes after the last row are ignored. docs/wire.md in the
// repository gives the source of each of these facts.
//
// [Layout] names this and the other layouts GetExtendedTcpTable writes, and
// MIB_TCPTABLE2 and MIB_TCP6TABLE2, each described by its member offsets
// under its C struct, and [Layout.Parse] decodes any of them with the same
// [Table] and [Row]. Each accessor reads its member at the offset the
// row's layout gives; a member the layout lacks reads as zero, and
// [Row.Fields] says which members are there, so that a missing PID or
// offload state is not mistaken for 0 or InHost. [Table.AppendSockets] and
// [Table.Sockets] decode whole rows into [netmib.Socket] values, with a
// loop chosen once per table: the headline layout's reads its members at
// the constant offsets above.
//
// # Buffers of unknown origin
//
// A buffer does not say which table it holds, and [Parse] reads whatever
// fits, on purpose: Windows is sloppy in known ways. [Layout.Check] is the
// stricter, explicit step: it refuses a buffer whose size, padding, states
// or addresses contradict the layout, and [Identify] lists the layouts a
// buffer is consistent with.
//
// # Aliasing
//
// [Parse] does not copy its input. A [Table] and the [Row] values it yields
// read from the caller's buffer on every call; they are valid only while the
// buffer is unchanged, and must not be used after it is reused for another
// fetch. [Row.Socket] and [Table.AppendSockets] return [netmib.Socket]
// values that refer to nothing and can be kept, compared and used as map
// keys.
//
// # Security
//
// The buffer is untrusted input: it may come from a compromised host, a
// corrupted capture or an attacker. [Parse] checks the header and
// dwNumEntries against the buffer length once, by dividing the length
// rather than multiplying the count, so no count can overflow the check,
// and refuses more than [netmib.MaxRows] rows; it allocates nothing on
// success and only its error on failure. After that check every accessor
// reads inside the buffer, so no input makes this package panic or read
// out of bounds, and [Table.AppendSockets] allocates at most MaxRows
// sockets of 240 bytes (on 64-bit hosts). Every member value, however absurd
// (negative FILETIMEs, unknown states, garbage in padding), decodes to a
// value rather than an error or a panic. The decoders are fuzzed with
// invariants: the view agrees with the decoded value, and decoding the
// encoding of any socket gives it back.
//
// # Live tables
//
// On Windows, [AppendFetch] calls GetExtendedTcpTable for any family and
// class into a reusable buffer, [AppendFetchTable2] calls GetTcpTable2 or
// GetTcp6Table2, and [LookupModule] names the module that owns a socket.
// A host's TCP sockets are in two tables, one per family; snapshot.Take
// fetches every table of the host. The functions are declared on every
// OS; elsewhere they return an error wrapping errors.ErrUnsupported, so
// code that uses them builds everywhere.
//
// # JSON
//
// A decoded row has the one JSON form of [netmib.Socket]: every member,
// with null for one its table does not carry.
package tcpmib
