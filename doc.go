// Package netmib decodes the connection tables Windows' IP Helper API
// returns, above all the MIB_TCP6TABLE_OWNER_MODULE that
// GetExtendedTcpTable writes for IPv6 sockets with their owning process,
// creation time and owning module, into typed Go values: exact to the byte,
// on every operating system and architecture, and safe on hostile input.
//
// This package holds the vocabulary the decoders share: the address
// [Family] a table holds, the [ModuleInfo] of its OWNER_MODULE rows, the
// [Owner] a lookup names, the row bound [MaxRows], and the errors every
// decoder returns ([FormatError] and its sentinels). The work is in the
// subpackages:
//
//   - [github.com/netmib/netmib/tcpmib] validates a TCP table buffer once
//     and returns a zero-copy view: Parse and ParseTable for the six
//     layouts of GetExtendedTcpTable, Layout.Parse for those and the two of
//     GetTcpTable2 and GetTcp6Table2 (with the offload state), Table.All,
//     Row accessors, comparable Entry values with a JSON form, and
//     Layout.AppendTable, the encoder. On Windows, AppendFetch,
//     AppendFetchTable2, Fetch and LookupOwner read the live tables.
//   - [github.com/netmib/netmib/udpmib] does the same for the six layouts
//     of GetExtendedUdpTable; its API mirrors tcpmib's, and a test keeps the
//     two in step.
//   - [github.com/netmib/netmib/snapshot] is a whole host: Take fetches
//     every table and resolves each socket's process, service and owning
//     module; Sockets iterates every row of every table as one comparable
//     Socket; Write and Read store it as one self-describing JSON file that
//     reads back anywhere; Diff says what changed between two snapshots.
//   - [github.com/netmib/netmib/state] is MIB_TCP_STATE as a typed enum that
//     prints and parses every spelling tools use.
//   - [github.com/netmib/netmib/addr] decodes address, scope and port
//     members and prints addresses exactly as Windows does.
//   - [github.com/netmib/netmib/fixtures] embeds table buffers and
//     snapshot files, valid and hostile, with their provenance, for tests
//     here and elsewhere.
//
// examples/netstat is a runnable netstat-style program over the embedded
// default snapshot, a snapshot file or captured buffer, or on Windows the
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
// allocates at most MaxRows entries (about 224 MiB on 64-bit hosts) on
// every architecture, and a live fetch never asks for more than 256 MiB.
// The decoders are fuzzed with invariants: the view agrees with the decoded
// value, decoding an encoding gives the value back, and printed addresses
// and times parse back to the same value. Snapshot files are hostile input
// too: snapshot.Read bounds their size and what it allocates. The module
// depends on the
// standard library only; testify and go-cmp are used by tests alone.
package netmib
