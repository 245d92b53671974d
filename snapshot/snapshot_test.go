package snapshot_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

var cmpAddrs = cmpopts.EquateComparable(netip.Addr{}, netip.AddrPort{})

func ap(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

func tag(t uint32) (m netmib.ModuleInfo) {
	binary.LittleEndian.PutUint32(m[:], t)
	return m
}

func tcpTable(tb testing.TB, l tcpmib.Layout, c tcpmib.Class, e ...tcpmib.Entry) snapshot.Table {
	b, err := l.AppendTable(nil, e)
	require.NoError(tb, err)
	return snapshot.Table{Proto: snapshot.TCP, Family: l.Family(), Class: uint32(c), Data: b}
}

func udpTable(tb testing.TB, l udpmib.Layout, c udpmib.Class, e ...udpmib.Entry) snapshot.Table {
	b, err := l.AppendTable(nil, e)
	require.NoError(tb, err)
	return snapshot.Table{Proto: snapshot.UDP, Family: l.Family(), Class: uint32(c), Data: b}
}

// table2 returns the MIB_TCP6TABLE2 of GetTcp6Table2 with entries e.
func table2(tb testing.TB, e ...tcpmib.Entry) snapshot.Table {
	b, err := tcpmib.IPv6Table2.AppendTable(nil, e)
	require.NoError(tb, err)
	return snapshot.Table{Proto: snapshot.TCP, Family: netmib.IPv6, Func: snapshot.Table2, Data: b}
}

// sample returns a snapshot with a table of each kind, TCP and UDP, with
// and without owners, and processes, services and owners for them.
func sample(tb testing.TB) *snapshot.Snapshot {
	return &snapshot.Snapshot{
		Taken: time.Date(2026, 11, 2, 11, 0, 0, 123456789, time.UTC),
		Host:  snapshot.Host{Name: "ws1", Windows: snapshot.Version{Major: 10, Build: 22631}},
		Tables: []snapshot.Table{
			tcpTable(tb, tcpmib.IPv4OwnerModule, tcpmib.OwnerModuleAll,
				tcpmib.Entry{Local: ap("0.0.0.0:135"), Remote: ap("0.0.0.0:0"), State: state.Listen, PID: 1188, CreateTimestamp: 133_000_000_000_000_000, ModuleInfo: tag(11)},
				tcpmib.Entry{Local: ap("10.0.0.1:50000"), Remote: ap("10.0.0.2:443"), State: state.TimeWait}),
			tcpTable(tb, tcpmib.IPv6Basic, tcpmib.BasicAll,
				tcpmib.Entry{Local: ap("[fe80::1]:5357"), LocalScopeID: 12, Remote: ap("[::]:0"), State: state.Listen}),
			udpTable(tb, udpmib.IPv6OwnerModule, udpmib.OwnerModule,
				udpmib.Entry{Local: ap("[::]:5353"), PID: 1188, CreateTimestamp: 133_000_000_100_000_000, Flags: 1, ModuleInfo: tag(31)}),
			udpTable(tb, udpmib.IPv4OwnerPID, udpmib.OwnerPID,
				udpmib.Entry{Local: ap("127.0.0.1:1900"), PID: 0}),
			table2(tb, tcpmib.Entry{Local: ap("[2001:db8::1]:443"), Remote: ap("[2001:db8::2]:50000"), State: state.Established,
				PID: 1188, Offload: tcpmib.Offload{State: tcpmib.Offloaded, Known: true}}),
		},
		Processes: []snapshot.Process{
			{PID: 0},
			{PID: 1188, Image: `C:\Windows\System32\svchost.exe`, CreateTimestamp: 133_000_000_000_000_000},
		},
		Services: []snapshot.Service{
			{PID: 1188, Tag: 11, Name: "RpcSs"},
			{PID: 1188, Tag: 31, Error: "sechost.dll!I_QueryTagInformation: unsupported operation"},
		},
		Owners: []snapshot.Owner{
			{PID: 1188, ModuleInfo: tag(11), Owner: netmib.Owner{Name: "RpcSs"}},
			{PID: 1188, ModuleInfo: tag(31), Error: "GetOwnerModuleFromPidAndInfo: " + "unsupported operation"},
		},
	}
}

func TestSockets(t *testing.T) {
	s := sample(t)
	var got []snapshot.Socket
	for sock := range s.Sockets() {
		got = append(got, sock)
	}
	v4, v6 := netmib.IPv4, netmib.IPv6
	const (
		tcpOM   = snapshot.FieldRemote | snapshot.FieldState | snapshot.FieldPID | snapshot.FieldCreateTimestamp | snapshot.FieldModuleInfo
		tcp6Bas = snapshot.FieldRemote | snapshot.FieldState | snapshot.FieldScopeIDs
		udp6OM  = snapshot.FieldScopeIDs | snapshot.FieldPID | snapshot.FieldCreateTimestamp | snapshot.FieldModuleInfo | snapshot.FieldSpecificPortBind
		udpPID  = snapshot.FieldPID
		tcp62   = snapshot.FieldRemote | snapshot.FieldState | snapshot.FieldScopeIDs | snapshot.FieldPID | snapshot.FieldOffloadState
	)
	want := []snapshot.Socket{
		{Proto: snapshot.TCP, Family: v4, Local: ap("0.0.0.0:135"), Remote: ap("0.0.0.0:0"), State: state.Listen, PID: 1188, CreateTimestamp: 133_000_000_000_000_000, ModuleInfo: tag(11), Known: tcpOM},
		{Proto: snapshot.TCP, Family: v4, Local: ap("10.0.0.1:50000"), Remote: ap("10.0.0.2:443"), State: state.TimeWait, Known: tcpOM},
		{Proto: snapshot.TCP, Family: v6, Local: ap("[fe80::1]:5357"), LocalScopeID: 12, Remote: ap("[::]:0"), State: state.Listen, Known: tcp6Bas},
		{Proto: snapshot.UDP, Family: v6, Local: ap("[::]:5353"), PID: 1188, CreateTimestamp: 133_000_000_100_000_000, ModuleInfo: tag(31), SpecificPortBind: true, Known: udp6OM},
		{Proto: snapshot.UDP, Family: v4, Local: ap("127.0.0.1:1900"), Known: udpPID},
		{Proto: snapshot.TCP, Family: v6, Local: ap("[2001:db8::1]:443"), Remote: ap("[2001:db8::2]:50000"), State: state.Established, PID: 1188, OffloadState: tcpmib.Offloaded, Known: tcp62},
	}
	require.Empty(t, cmp.Diff(want, got, cmpAddrs))

	// A PID of 0 from an OWNER_PID table is known; one from a BASIC table is not.
	require.True(t, got[4].Has(snapshot.FieldPID))
	require.False(t, got[2].Has(snapshot.FieldPID))
	_, ok := s.ProcessOf(&got[2])
	require.False(t, ok, "no PID, no process")
	p, ok := s.ProcessOf(&got[4])
	require.True(t, ok)
	require.Equal(t, "System Idle Process", p.Name())

	v, ok := s.ServiceOf(&got[0])
	require.True(t, ok)
	require.Equal(t, "RpcSs", v.Name)
	_, ok = s.ServiceOf(&got[1])
	require.False(t, ok, "service tag 0")
	o, ok := s.OwnerOf(&got[3])
	require.True(t, ok)
	require.NotEmpty(t, o.Error, "the failed lookup is kept")

	// Stopping early is allowed.
	n := 0
	for range s.Sockets() {
		n++
		break
	}
	require.Equal(t, 1, n)
}

func TestSocketsAllocs(t *testing.T) {
	s := sample(t)
	var sink snapshot.Socket
	allocs := testing.AllocsPerRun(100, func() {
		for sock := range s.Sockets() {
			sink = sock
		}
	})
	require.Zero(t, allocs)
	_ = sink
}

func TestSocketJSON(t *testing.T) {
	var socks []snapshot.Socket
	for sock := range sample(t).Sockets() {
		socks = append(socks, sock)
	}
	b, err := json.Marshal(socks[2]) // TCP over IPv6, BASIC: no PID, no times
	require.NoError(t, err)
	require.Equal(t, `{"proto":"tcp","family":"IPv6","local_addr":"fe80::1","local_port":5357,"local_scope_id":12,`+
		`"remote_addr":"::","remote_port":0,"remote_scope_id":0,"state":"LISTEN","state_code":2,"offload_state":null,"offload_state_code":null,"pid":null,`+
		`"create_timestamp":null,"created":null,"service_tag":null,"module_info":null,"specific_port_bind":null}`, string(b))
	b, err = json.Marshal(socks[4]) // UDP over IPv4 with a PID of 0
	require.NoError(t, err)
	require.Contains(t, string(b), `"local_scope_id":null,"remote_addr":null,"remote_port":null,"remote_scope_id":null,"state":null,"state_code":null,"offload_state":null,"offload_state_code":null,"pid":0,`)
	b, err = json.Marshal(socks[5]) // TCP over IPv6 from GetTcp6Table2
	require.NoError(t, err)
	require.Contains(t, string(b), `"state":"ESTABLISHED","state_code":5,"offload_state":"Offloaded","offload_state_code":2,"pid":1188,"create_timestamp":null,`)

	for _, s := range socks {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back snapshot.Socket
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, s, back)
	}
}

func TestWriteRead(t *testing.T) {
	s := sample(t)
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, s))
	got, err := snapshot.Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(s, got, cmpAddrs))

	var again bytes.Buffer
	require.NoError(t, snapshot.Write(&again, got))
	require.Equal(t, buf.String(), again.String(), "the file is deterministic")

	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	require.Equal(t, "netmib.snapshot", m["schema"])
	require.Equal(t, 1.0, m["version"])
	require.Equal(t, "2026-11-02T11:00:00.123456789Z", m["taken"])
	table := m["tables"].([]any)[0].(map[string]any)
	require.Equal(t, "MIB_TCPTABLE_OWNER_MODULE", table["layout"])
	require.Equal(t, "GetExtendedTcpTable", table["function"])
	require.Equal(t, 2.0, table["rows"])
	table = m["tables"].([]any)[4].(map[string]any)
	require.Equal(t, "MIB_TCP6TABLE2", table["layout"])
	require.Equal(t, "GetTcp6Table2", table["function"])
}

func TestTableFunc(t *testing.T) {
	for _, tt := range []struct {
		t    snapshot.Table
		name string
	}{
		{snapshot.Table{Proto: snapshot.TCP, Family: netmib.IPv4}, "GetExtendedTcpTable"},
		{snapshot.Table{Proto: snapshot.UDP, Family: netmib.IPv6}, "GetExtendedUdpTable"},
		{snapshot.Table{Proto: snapshot.TCP, Family: netmib.IPv4, Func: snapshot.Table2}, "GetTcpTable2"},
		{snapshot.Table{Proto: snapshot.TCP, Family: netmib.IPv6, Func: snapshot.Table2}, "GetTcp6Table2"},
		{snapshot.Table{Proto: snapshot.UDP, Family: netmib.IPv6, Func: snapshot.Table2}, ""},
		{snapshot.Table{Proto: snapshot.TCP, Family: 99, Func: snapshot.Table2}, ""},
		{snapshot.Table{Proto: snapshot.TCP, Family: netmib.IPv6, Func: 7}, ""},
	} {
		require.Equal(t, tt.name, tt.t.FuncName(), "%+v", tt.t)
	}

	// A TABLE2 table has no class; UDP has no TABLE2.
	tab := table2(t)
	tab.Class = 8
	_, err := tab.TCP()
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	udp := snapshot.Table{Proto: snapshot.UDP, Family: netmib.IPv6, Func: snapshot.Table2, Data: make([]byte, 4)}
	_, err = udp.UDP()
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
}

func TestWriteRefusesInconsistent(t *testing.T) {
	for name, mutate := range map[string]func(s *snapshot.Snapshot){
		"table does not parse": func(s *snapshot.Snapshot) { s.Tables[0].Data = s.Tables[0].Data[:20] },
		"processes unsorted":   func(s *snapshot.Snapshot) { s.Processes[0].PID = 5000 },
		"duplicate service":    func(s *snapshot.Snapshot) { s.Services[1] = s.Services[0] },
		"service tag 0":        func(s *snapshot.Snapshot) { s.Services[0].Tag = 0 },
		"owners unsorted":      func(s *snapshot.Snapshot) { s.Owners[0], s.Owners[1] = s.Owners[1], s.Owners[0] },
	} {
		s := sample(t)
		mutate(s)
		var buf bytes.Buffer
		err := snapshot.Write(&buf, s)
		require.ErrorIs(t, err, snapshot.ErrInvalid, name)
		require.Zero(t, buf.Len(), name)
	}
}

func TestParseProto(t *testing.T) {
	for in, want := range map[string]snapshot.Proto{"tcp": snapshot.TCP, "udp": snapshot.UDP} {
		p, err := snapshot.ParseProto(in)
		require.NoError(t, err)
		require.Equal(t, want, p)
	}
	for _, bad := range []string{"", "TCP", "sctp"} {
		_, err := snapshot.ParseProto(bad)
		require.ErrorContains(t, err, "is not tcp or udp", bad)
	}
}
