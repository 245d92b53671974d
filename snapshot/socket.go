package snapshot

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"

	"github.com/netmib/netmib/internal/text"
)

// A Proto is the protocol of a table and its sockets.
type Proto uint8

// The protocols.
const (
	TCP Proto = 1 // GetExtendedTcpTable, GetTcpTable2, GetTcp6Table2
	UDP Proto = 2 // GetExtendedUdpTable
)

// String returns "TCP", "UDP", or "Proto(n)".
func (p Proto) String() string {
	switch p {
	case TCP:
		return "TCP"
	case UDP:
		return "UDP"
	}
	return "Proto(" + strconv.Itoa(int(p)) + ")"
}

// ParseProto returns the protocol "tcp" or "udp" names: the form of the
// snapshot file, of a Socket's JSON and of the example programs' flags.
func ParseProto(s string) (Proto, error) {
	switch s {
	case "tcp":
		return TCP, nil
	case "udp":
		return UDP, nil
	}
	return 0, fmt.Errorf("snapshot: protocol %s is not tcp or udp", text.Quote(s))
}

// Fields is a set of Socket members: those its table carries.
type Fields uint16

// The Socket members a table may lack. Proto, Family and Local are always
// known.
const (
	FieldRemote           Fields = 1 << iota // Remote: TCP tables
	FieldState                               // State: TCP tables
	FieldScopeIDs                            // LocalScopeID and, in TCP tables, RemoteScopeID: IPv6 tables
	FieldPID                                 // PID: the OWNER_PID and OWNER_MODULE tables
	FieldCreateTimestamp                     // CreateTimestamp: the OWNER_MODULE tables
	FieldModuleInfo                          // ModuleInfo: the OWNER_MODULE tables
	FieldSpecificPortBind                    // SpecificPortBind: UDP OWNER_MODULE tables
	FieldOffloadState                        // OffloadState: the TABLE2 tables
)

// Has reports whether f holds every member of x.
func (f Fields) Has(x Fields) bool { return f&x == x }

// A Socket is one row of any of the tables GetExtendedTcpTable,
// GetExtendedUdpTable, GetTcpTable2 and GetTcp6Table2 return, TCP or UDP,
// IPv4 or IPv6, whatever its layout: a self-contained, comparable value.
//
// A member the row's table does not carry is zero, and Known says which
// members the table carries, so that a PID of 0 in a BASIC table
// ("unknown") can be told from a real 0 (the idle process, and TIME_WAIT
// rows).
type Socket struct {
	Proto  Proto
	Family netmib.Family

	Local         netip.AddrPort // no zone; see LocalScopeID
	Remote        netip.AddrPort // zero for UDP
	LocalScopeID  uint32         // interface index of a link-local address, host order
	RemoteScopeID uint32
	State         state.State // zero for UDP

	PID             uint32
	CreateTimestamp int64             // FILETIME; 0 when Windows does not know it
	ModuleInfo      netmib.ModuleInfo // OwningModuleInfo; see ServiceTag

	SpecificPortBind bool // UDP: the last bind named a specific port

	OffloadState tcpmib.OffloadState // TABLE2 rows: dwOffloadState

	Known Fields // the members the row's table carries
}

// Has reports whether the socket's table carries every member of f.
func (s *Socket) Has(f Fields) bool { return s.Known.Has(f) }

// Created returns CreateTimestamp as a UTC time, or the zero time.Time
// when it is 0 or unknown.
func (s *Socket) Created() time.Time { return mib.Time(s.CreateTimestamp) }

// ServiceTag returns the service tag held in ModuleInfo: the service of an
// svchost.exe process that bound the socket, or 0.
func (s *Socket) ServiceTag() uint32 { return s.ModuleInfo.ServiceTag() }

// tcpFields returns the members rows of layout l carry.
func tcpFields(l tcpmib.Layout) Fields {
	f := FieldRemote | FieldState
	if l.Family() == netmib.IPv6 {
		f |= FieldScopeIDs
	}
	switch l {
	case tcpmib.IPv4OwnerModule, tcpmib.IPv6OwnerModule:
		f |= FieldPID | FieldCreateTimestamp | FieldModuleInfo
	case tcpmib.IPv4OwnerPID, tcpmib.IPv6OwnerPID:
		f |= FieldPID
	case tcpmib.IPv4Table2, tcpmib.IPv6Table2:
		f |= FieldPID | FieldOffloadState
	}
	return f
}

// udpFields returns the members rows of layout l carry.
func udpFields(l udpmib.Layout) Fields {
	var f Fields
	if l.Family() == netmib.IPv6 {
		f |= FieldScopeIDs
	}
	switch l {
	case udpmib.IPv4OwnerModule, udpmib.IPv6OwnerModule:
		f |= FieldPID | FieldCreateTimestamp | FieldModuleInfo | FieldSpecificPortBind
	case udpmib.IPv4OwnerPID, udpmib.IPv6OwnerPID:
		f |= FieldPID
	}
	return f
}

// tcpSocket fills s from a TCP row; s.Proto, Family and Known are set.
func tcpSocket(s *Socket, r tcpmib.Row) {
	s.Local, s.Remote = r.Local(), r.Remote()
	s.LocalScopeID, s.RemoteScopeID = r.LocalScopeID(), r.RemoteScopeID()
	s.State, s.PID = r.State(), r.PID()
	s.CreateTimestamp = r.CreateTimestamp()
	s.ModuleInfo = r.ModuleInfo()
	s.OffloadState = r.Offload().State
}

// udpSocket fills s from a UDP row; s.Proto, Family and Known are set.
func udpSocket(s *Socket, r udpmib.Row) {
	s.Local, s.LocalScopeID, s.PID = r.Local(), r.LocalScopeID(), r.PID()
	s.CreateTimestamp = r.CreateTimestamp()
	s.ModuleInfo = r.ModuleInfo()
	s.SpecificPortBind = r.SpecificPortBind()
}
