package netmib

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/state"
)

// Fields is a set of the members of a Socket that its table may lack.
type Fields uint16

// The members a table may carry. Proto, Family and Local are in every
// table.
const (
	FieldRemote          Fields = 1 << iota // Remote: TCP tables
	FieldState                              // State: TCP tables
	FieldScopeIDs                           // LocalScopeID, and in TCP tables RemoteScopeID: IPv6 tables
	FieldPID                                // PID: the OWNER_PID, OWNER_MODULE and TABLE2 tables
	FieldCreateTimestamp                    // CreateTimestamp: the OWNER_MODULE tables
	FieldModuleInfo                         // ModuleInfo: the OWNER_MODULE tables
	FieldFlags                              // Flags: the UDP OWNER_MODULE tables
	FieldOffloadState                       // OffloadState: the TABLE2 tables
)

// Has reports whether f holds every member of x.
func (f Fields) Has(x Fields) bool { return f&x == x }

// A Socket is one row of any of the fourteen tables that
// GetExtendedTcpTable, GetExtendedUdpTable, GetTcpTable2 and GetTcp6Table2
// return, TCP or UDP, IPv4 or IPv6, whatever its layout: a self-contained,
// comparable value that refers to no buffer. tcpmib.Row.Socket and
// udpmib.Row.Socket decode one, the Table methods AppendSockets decode a
// table into a slice of them, and the Layout methods AppendTable encode
// them.
//
// Known says which members the row's table carries; a member it does not
// carry is zero and reads as unknown, never as a value: a PID of 0 in a
// BASIC table is unknown, a PID of 0 in an OWNER_PID table is the idle
// process (or a connection in TIME_WAIT), and a row of a table without an
// offload state has none, which is not InHost. The zero Socket is valid
// and knows nothing.
type Socket struct {
	Proto  Proto
	Family Family

	Local         netip.AddrPort // ucLocalAddr or dwLocalAddr, and dwLocalPort; no zone: see LocalScopeID
	Remote        netip.AddrPort // the remote address and port; meaningless for a listener, whose members Windows leaves as they are
	LocalScopeID  uint32         // dwLocalScopeId: the interface index of a link-local address, read in host order
	RemoteScopeID uint32         // dwRemoteScopeId
	State         state.State    // dwState; values outside MIB_TCP_STATE are kept

	PID             uint32     // dwOwningPid
	CreateTimestamp int64      // liCreateTimestamp, a FILETIME; 0 when Windows does not know it
	ModuleInfo      ModuleInfo // OwningModuleInfo; see ServiceTag
	Flags           uint32     // dwFlags of the UDP OWNER_MODULE rows, whose bit 0 is SpecificPortBind; kept whole

	OffloadState state.OffloadState // dwOffloadState of the TABLE2 rows

	Known Fields // the members the row's table carries
}

// Has reports whether the socket's table carries every member of f.
func (s *Socket) Has(f Fields) bool { return s.Known.Has(f) }

// Created returns CreateTimestamp as a UTC time, or the zero time.Time when
// it is 0 or unknown. Every other value converts exactly, even corrupt ones
// before 1601 or after 9999.
func (s *Socket) Created() time.Time {
	if !s.Has(FieldCreateTimestamp) {
		return time.Time{}
	}
	return filetime.Time(s.CreateTimestamp)
}

// ServiceTag returns the service tag held in ModuleInfo: the low 32 bits of
// OwningModuleInfo[0], which names the service of an svchost.exe process
// that bound the socket; 0 for other processes and when the table carries
// no module info.
func (s *Socket) ServiceTag() uint32 {
	if !s.Has(FieldModuleInfo) {
		return 0
	}
	return s.ModuleInfo.ServiceTag()
}

// SpecificPortBind reports bit 0 of Flags, the SpecificPortBind bit-field
// of the UDP OWNER_MODULE rows: per the documentation, whether the last
// bind named a specific port rather than letting the system choose one.
// It is false when the table carries no flags.
func (s *Socket) SpecificPortBind() bool { return s.Has(FieldFlags) && s.Flags&1 != 0 }

// LocalEndpoint returns the local address, scope ID and port as netstat
// prints them, with the interface of a link-local address:
// "0.0.0.0:135", "[::]:445", "[fe80::1c2d:3e4f:5a6b:7c8d%12]:5357".
func (s *Socket) LocalEndpoint() string {
	return addr.Endpoint(s.Local.Addr(), s.LocalScopeID, s.Local.Port())
}

// RemoteEndpoint returns the remote address, scope ID and port as
// LocalEndpoint does, or "*:*" when the table carries no remote end (UDP),
// as netstat prints it.
func (s *Socket) RemoteEndpoint() string {
	if !s.Has(FieldRemote) {
		return "*:*"
	}
	return addr.Endpoint(s.Remote.Addr(), s.RemoteScopeID, s.Remote.Port())
}

// String returns the socket on one line, as netstat -ano prints it but
// with single spaces: the protocol, the local and remote endpoints, the
// state (for TCP), and the PID, or "-" when the table carries none:
//
//	TCP [fe80::1%12]:5357 [::]:0 LISTEN 4
//	UDP 0.0.0.0:5353 *:* 2210
func (s Socket) String() string {
	b := make([]byte, 0, 2*addr.MaxFormatLen+32)
	b = append(b, s.Proto.String()...)
	b = append(b, ' ')
	b = addr.AppendEndpoint(b, s.Local.Addr(), s.LocalScopeID, s.Local.Port())
	b = append(b, ' ')
	b = append(b, s.RemoteEndpoint()...)
	if s.Has(FieldState) {
		b = append(b, ' ')
		b = append(b, s.State.String()...)
	}
	b = append(b, ' ')
	if s.Has(FieldPID) {
		b = strconv.AppendUint(b, uint64(s.PID), 10)
	} else {
		b = append(b, '-')
	}
	return string(b)
}
