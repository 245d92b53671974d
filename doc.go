// Package netmib decodes the connection tables Windows' IP Helper API
// returns, above all the MIB_TCP6TABLE_OWNER_MODULE that
// GetExtendedTcpTable writes for IPv6 sockets with their owning process,
// creation time and owning module, into typed Go values: exact to the byte,
// on every operating system and architecture, and safe on hostile input.
//
// This package holds the vocabulary the other packages share. [Socket] is
// the one value of a decoded row of any table, TCP or UDP, IPv4 or IPv6,
// whatever its layout: every member, and which members its table carries
// ([Fields]), so that an unknown PID is never read as 0. Its [Proto] and
// [Family] have text forms, [Filter] selects sockets as netstat's options
// do, [ModuleInfo] is the OWNER_MODULE rows' opaque owner data and
// [Module] what Windows names from it, and [FormatError] and its sentinels
// are the errors every decoder returns. [MaxRows] bounds every table.
//
// The work is in the subpackages:
//
//   - [github.com/netmib/netmib/tcpmib] validates a TCP table buffer once
//     and returns a zero-copy view of it: Parse and ParseTable for the six
//     layouts of GetExtendedTcpTable, Layout.Parse for those and the two of
//     GetTcpTable2 and GetTcp6Table2, Table.All and Row accessors,
//     Row.Socket and Table.AppendSockets for Socket values, Layout.Check
//     and Identify for buffers of unknown origin, and Layout.AppendTable,
//     the encoder. On Windows, AppendFetch, AppendFetchTable2 and
//     LookupModule read the live host.
//   - [github.com/netmib/netmib/udpmib] does the same for the six layouts
//     of GetExtendedUdpTable.
//   - [github.com/netmib/netmib/ipconfig] decodes the host's IP
//     configuration in the same way: its interfaces, unicast addresses,
//     routes and neighbor cache (GetIfTable2, GetUnicastIpAddressTable,
//     GetIpForwardTable2, GetIpNetTable2), which name the adapter a
//     socket's scope ID stands for.
//   - [github.com/netmib/netmib/snapshot] is a whole host: Take fetches
//     every socket table and the IP configuration, and resolves each
//     socket's process, service and owning module; Sockets, Select and Records iterate its sockets with their
//     owners as netstat -b names them; Write, Read and ReadFile store it as
//     one self-describing JSON file that reads back anywhere; Diff says what
//     changed between two snapshots.
//   - [github.com/netmib/netmib/state] is MIB_TCP_STATE and the TABLE2
//     rows' offload state as typed enums that print and parse every
//     spelling tools use.
//   - [github.com/netmib/netmib/addr] decodes address, scope and port
//     members and prints addresses and endpoints exactly as Windows does.
//   - [github.com/netmib/netmib/fixtures] embeds table buffers and
//     snapshot files, valid and hostile, with their provenance, for tests
//     here and elsewhere.
//
// examples/netstat is a netstat-style program over the embedded default
// snapshot, a snapshot file, a captured table buffer, or on Windows the
// live host, with owners, filters, JSON and diffs; examples/capture writes
// the live host's snapshot to a file.
//
// # Wire format
//
// The byte layouts, the meaning of each member, the quirks Windows and Wine
// exhibit and the source of each fact are written down in docs/wire.md in
// the repository. Every decoder reads members at explicit offsets with
// encoding/binary, never by casting to a Go struct, so 32-bit and
// big-endian hosts decode the same values as amd64, and none of the
// decoding packages use unsafe or build tags. The one file that calls
// Windows is internal/winapi/winapi_windows.go, on package syscall, which
// loads every DLL from System32 only; elsewhere the fetch functions and
// snapshot.Take return an error wrapping errors.ErrUnsupported.
//
// # Security
//
// Buffers are treated as untrusted: counts are checked against lengths with
// arithmetic that cannot overflow, nothing is allocated in proportion to a
// count read from a buffer, and no input makes a decoder panic. A table may
// declare at most [MaxRows] rows, so decoding a whole table into values
// allocates at most MaxRows sockets (about 240 MiB on 64-bit hosts) on
// every architecture, and a live fetch never asks for more than 256 MiB.
// The decoders are fuzzed with invariants: the view agrees with the decoded
// value, decoding an encoding gives the value back, and printed addresses
// and times parse back to the same value. Snapshot files are hostile input
// too: snapshot.Read bounds their size, depth, time and what it
// allocates. The module depends on the standard library only; testify and
// go-cmp are used by tests alone.
package netmib
