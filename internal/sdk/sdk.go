// Package sdk describes the IP Helper table structs as the Windows SDK
// headers declare them (tcpmib.h and udpmib.h here, netioapi.h in
// netio.go; the reactos, mingw-w64 and wine headers repeat them member for
// member): each member's name and C type, in
// declaration order. Layout computes their offsets with the C layout rules
// of MSVC, which every producer of these tables uses: each member aligned to
// its type's alignment, the struct's size rounded up to its largest
// alignment, and a table's rows starting after dwNumEntries, aligned like a
// row.
//
// It shares nothing with the layout tables of tcpmib, udpmib and ipconfig,
// which are written as offsets: their tests decode every member of every
// layout through both and compare. Only tests import it.
package sdk

import "fmt"

// A Role says which member of a row a struct member is, whatever its name
// in the SDK (dwLocalAddr, ucLocalAddr and LocalAddr are all LocalAddr).
type Role int

// The roles, one per member a decoder reads.
const (
	LocalAddr Role = iota
	LocalScopeID
	LocalPort
	RemoteAddr
	RemoteScopeID
	RemotePort
	State
	PID
	CreateTimestamp
	Flags
	OffloadState
	ModuleInfo
)

var roleNames = [...]string{"LocalAddr", "LocalScopeID", "LocalPort", "RemoteAddr", "RemoteScopeID",
	"RemotePort", "State", "PID", "CreateTimestamp", "Flags", "OffloadState", "ModuleInfo"}

func (r Role) String() string { return roleNames[r] }

// A Member is one member of a row struct as the SDK declares it.
type Member struct {
	Name string // as in the SDK, such as "dwLocalAddr"
	Type string // the C type, such as "DWORD" or "UCHAR[16]"
	Role Role
}

// A Struct is a table struct and its row struct.
type Struct struct {
	Table   string // such as "MIB_TCP6TABLE_OWNER_MODULE"
	Row     string // such as "MIB_TCP6ROW_OWNER_MODULE"
	Members []Member
}

// A Field is a member placed in its row.
type Field struct {
	Name      string
	Off, Size int
}

// A Layout is a Struct laid out by the C rules.
type Layout struct {
	Table      string
	HeaderSize int // offset of table[0]
	RowSize    int
	IPv6       bool // the address members are 16 bytes
	Fields     map[Role]Field
}

// Has reports whether the row has a member of role r.
func (l Layout) Has(r Role) bool { _, ok := l.Fields[r]; return ok }

// Holes returns the offsets of the row bytes no member covers: padding.
func (l Layout) Holes() []int {
	used := make([]bool, l.RowSize)
	for _, f := range l.Fields {
		for i := f.Off; i < f.Off+f.Size; i++ {
			used[i] = true
		}
	}
	var out []int
	for i, u := range used {
		if !u {
			out = append(out, i)
		}
	}
	return out
}

// sizes gives the size and alignment of each C type the structs use, on
// x86, x64 and arm64 alike: none is pointer-sized.
var sizes = map[string]struct{ size, align int }{
	"DWORD":                        {4, 4},
	"int":                          {4, 4}, // the dwFlags side of the SpecificPortBind union
	"MIB_TCP_STATE":                {4, 4}, // an enum
	"TCP_CONNECTION_OFFLOAD_STATE": {4, 4}, // an enum
	"UCHAR[16]":                    {16, 1},
	"IN6_ADDR":                     {16, 2}, // a union of UCHAR[16] and USHORT[8]
	"LARGE_INTEGER":                {8, 8},  // a union holding a LONGLONG
	"ULONGLONG[16]":                {128, 8},
}

func alignUp(n, a int) int { return (n + a - 1) / a * a }

// Layout lays s out.
func (s Struct) Layout() Layout {
	l := Layout{Table: s.Table, Fields: map[Role]Field{}}
	off, maxAlign := 0, 1
	for _, m := range s.Members {
		t, ok := sizes[m.Type]
		if !ok {
			panic(fmt.Sprintf("sdk: %s.%s: unknown type %s", s.Row, m.Name, m.Type))
		}
		off = alignUp(off, t.align)
		l.Fields[m.Role] = Field{Name: m.Name, Off: off, Size: t.size}
		off += t.size
		maxAlign = max(maxAlign, t.align)
		if m.Role == LocalAddr && t.size == 16 {
			l.IPv6 = true
		}
	}
	l.RowSize = alignUp(off, maxAlign)
	l.HeaderSize = alignUp(4, maxAlign) // DWORD dwNumEntries; ROW table[ANY_SIZE];
	return l
}

// TCP holds the structs GetExtendedTcpTable writes, in the order of
// tcpmib.Layouts: IPv4 BASIC, OWNER_PID, OWNER_MODULE, then IPv6; then
// those of GetTcpTable2 and GetTcp6Table2.
var TCP = []Struct{
	{"MIB_TCPTABLE", "MIB_TCPROW", []Member{
		{"dwState", "DWORD", State}, {"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort},
		{"dwRemoteAddr", "DWORD", RemoteAddr}, {"dwRemotePort", "DWORD", RemotePort},
	}},
	{"MIB_TCPTABLE_OWNER_PID", "MIB_TCPROW_OWNER_PID", []Member{
		{"dwState", "DWORD", State}, {"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort},
		{"dwRemoteAddr", "DWORD", RemoteAddr}, {"dwRemotePort", "DWORD", RemotePort}, {"dwOwningPid", "DWORD", PID},
	}},
	{"MIB_TCPTABLE_OWNER_MODULE", "MIB_TCPROW_OWNER_MODULE", []Member{
		{"dwState", "DWORD", State}, {"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort},
		{"dwRemoteAddr", "DWORD", RemoteAddr}, {"dwRemotePort", "DWORD", RemotePort}, {"dwOwningPid", "DWORD", PID},
		{"liCreateTimestamp", "LARGE_INTEGER", CreateTimestamp}, {"OwningModuleInfo", "ULONGLONG[16]", ModuleInfo},
	}},
	{"MIB_TCP6TABLE", "MIB_TCP6ROW", []Member{
		{"State", "MIB_TCP_STATE", State}, {"LocalAddr", "IN6_ADDR", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID},
		{"dwLocalPort", "DWORD", LocalPort}, {"RemoteAddr", "IN6_ADDR", RemoteAddr}, {"dwRemoteScopeId", "DWORD", RemoteScopeID},
		{"dwRemotePort", "DWORD", RemotePort},
	}},
	{"MIB_TCP6TABLE_OWNER_PID", "MIB_TCP6ROW_OWNER_PID", []Member{
		{"ucLocalAddr", "UCHAR[16]", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID}, {"dwLocalPort", "DWORD", LocalPort},
		{"ucRemoteAddr", "UCHAR[16]", RemoteAddr}, {"dwRemoteScopeId", "DWORD", RemoteScopeID}, {"dwRemotePort", "DWORD", RemotePort},
		{"dwState", "DWORD", State}, {"dwOwningPid", "DWORD", PID},
	}},
	{"MIB_TCP6TABLE_OWNER_MODULE", "MIB_TCP6ROW_OWNER_MODULE", []Member{
		{"ucLocalAddr", "UCHAR[16]", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID}, {"dwLocalPort", "DWORD", LocalPort},
		{"ucRemoteAddr", "UCHAR[16]", RemoteAddr}, {"dwRemoteScopeId", "DWORD", RemoteScopeID}, {"dwRemotePort", "DWORD", RemotePort},
		{"dwState", "DWORD", State}, {"dwOwningPid", "DWORD", PID},
		{"liCreateTimestamp", "LARGE_INTEGER", CreateTimestamp}, {"OwningModuleInfo", "ULONGLONG[16]", ModuleInfo},
	}},
	// GetTcpTable2 and GetTcp6Table2. MIB_TCPROW2 as Microsoft documents it
	// and Wine declares it; mingw-w64 leaves out dwOwningPid.
	{"MIB_TCPTABLE2", "MIB_TCPROW2", []Member{
		{"dwState", "DWORD", State}, {"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort},
		{"dwRemoteAddr", "DWORD", RemoteAddr}, {"dwRemotePort", "DWORD", RemotePort}, {"dwOwningPid", "DWORD", PID},
		{"dwOffloadState", "TCP_CONNECTION_OFFLOAD_STATE", OffloadState},
	}},
	{"MIB_TCP6TABLE2", "MIB_TCP6ROW2", []Member{
		{"LocalAddr", "IN6_ADDR", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID}, {"dwLocalPort", "DWORD", LocalPort},
		{"RemoteAddr", "IN6_ADDR", RemoteAddr}, {"dwRemoteScopeId", "DWORD", RemoteScopeID}, {"dwRemotePort", "DWORD", RemotePort},
		{"State", "MIB_TCP_STATE", State}, {"dwOwningPid", "DWORD", PID},
		{"dwOffloadState", "TCP_CONNECTION_OFFLOAD_STATE", OffloadState},
	}},
}

// UDP holds the structs GetExtendedUdpTable writes, in the order of
// udpmib.Layouts.
var UDP = []Struct{
	{"MIB_UDPTABLE", "MIB_UDPROW", []Member{
		{"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort},
	}},
	{"MIB_UDPTABLE_OWNER_PID", "MIB_UDPROW_OWNER_PID", []Member{
		{"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort}, {"dwOwningPid", "DWORD", PID},
	}},
	{"MIB_UDPTABLE_OWNER_MODULE", "MIB_UDPROW_OWNER_MODULE", []Member{
		{"dwLocalAddr", "DWORD", LocalAddr}, {"dwLocalPort", "DWORD", LocalPort}, {"dwOwningPid", "DWORD", PID},
		{"liCreateTimestamp", "LARGE_INTEGER", CreateTimestamp},
		{"dwFlags", "int", Flags}, // union { struct { int SpecificPortBind : 1; }; int dwFlags; }
		{"OwningModuleInfo", "ULONGLONG[16]", ModuleInfo},
	}},
	{"MIB_UDP6TABLE", "MIB_UDP6ROW", []Member{
		{"dwLocalAddr", "IN6_ADDR", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID}, {"dwLocalPort", "DWORD", LocalPort},
	}},
	{"MIB_UDP6TABLE_OWNER_PID", "MIB_UDP6ROW_OWNER_PID", []Member{
		{"ucLocalAddr", "UCHAR[16]", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID}, {"dwLocalPort", "DWORD", LocalPort},
		{"dwOwningPid", "DWORD", PID},
	}},
	{"MIB_UDP6TABLE_OWNER_MODULE", "MIB_UDP6ROW_OWNER_MODULE", []Member{
		{"ucLocalAddr", "UCHAR[16]", LocalAddr}, {"dwLocalScopeId", "DWORD", LocalScopeID}, {"dwLocalPort", "DWORD", LocalPort},
		{"dwOwningPid", "DWORD", PID}, {"liCreateTimestamp", "LARGE_INTEGER", CreateTimestamp},
		{"dwFlags", "int", Flags}, // the SpecificPortBind union, as above
		{"OwningModuleInfo", "ULONGLONG[16]", ModuleInfo},
	}},
}
