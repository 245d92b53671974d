// Package snapshot answers the questions users of the decoders ask one
// level up: which sockets does this Windows host have, which process and
// service own each one, and what changed since the last look.
//
// [Take] fetches every TCP and UDP table of the host, over IPv4 and IPv6,
// and resolves each socket's owner: its process's image path and creation
// time, the service its service tag stands for, and its owning module (what
// netstat -b shows). A [Snapshot] holds the tables exactly as Windows
// returned them, facts about the host, and those owners.
// [Snapshot.Sockets] iterates every socket of every table as one
// [netmib.Socket], whatever the table's layout; [Snapshot.Select] keeps
// those a [netmib.Filter] matches, [Snapshot.OwnerOf] gives a socket's
// [Owner], named as netstat -b names it, and [Snapshot.Records] gives
// both at once:
//
//	s, err := snapshot.ReadFile("host.json") // or snapshot.Take on Windows
//	...
//	for r := range s.Records(netmib.Filter{Proto: netmib.TCP}) {
//		fmt.Println(r.LocalEndpoint(), r.RemoteEndpoint(), r.State, r.Owner)
//	}
//
// Unless told otherwise, Take also fetches the host's IP configuration
// (package ipconfig): [Snapshot.Interface] names the interface of a scope
// ID or interface index, [Snapshot.NetInterfaces] lists the interfaces
// with their addresses, and Records names each socket's interfaces. A
// table the producer does not return is recorded as such, with its
// error, never as an empty table. [Owner.Doubtful] flags a socket that is
// older than the process said to own it.
//
// [Write] stores a snapshot as one self-describing JSON file (the schema
// name and version in it, each table's buffer in base64, byte for byte) and
// [Read] and [ReadFile] read it back on any OS, with no flags to say what
// it holds: files of version 2 (FileVersion) and of version 1, which has
// no IP configuration. [FromTable] makes a snapshot of one raw table buffer, so that a
// buffer and a file are read the same way. [Diff] compares two snapshots;
// see its documentation for when two sockets are the same one.
//
// # Known and unknown members
//
// Tables carry different members: a BASIC table has no PID, a UDP table no
// remote end or state, and only the tables of GetTcpTable2 and
// GetTcp6Table2 (a [Table] or [TableSpec] whose Func is [Table2]) carry the
// offload state. A netmib.Socket's Known field says which members its
// table carries, so that an unknown PID is not mistaken for PID 0, nor a missing
// offload state for InHost.
//
// # Security
//
// Read treats a file as hostile: it reads at most [MaxFileSize] bytes,
// allocates at most about 3 bytes per byte it reads, and takes time linear
// in the file's size. It checks the JSON's syntax with encoding/json's
// state machine (no recursion; nesting deeper than 10000 is refused), then
// walks the document along the file's schema, which nests three levels
// deep: a key or a value that does not belong is refused at its first
// byte, so no input makes the walk go deeper. An unknown schema or
// version, a missing, unknown, repeated or null key, a value of the wrong
// type, bad base64, a table that does not parse as the layout its
// arguments name or whose bytes contradict it ([Table.Check]), and
// members that contradict each other are errors ([ErrNotSnapshot],
// [ErrUnknownVersion], [ErrInvalid] with a [*FileError] naming the
// member), never a panic. Error messages are one line of bounded length:
// text from the file in them is quoted, escaped and cut short. Read is
// fuzzed with the invariant that writing what it read and reading that
// gives the same snapshot, and with nested and mistyped values.
package snapshot
