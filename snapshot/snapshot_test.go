package snapshot_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
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

// tcpTable returns a table of layout l fetched with class c that holds
// sockets e, whose protocol, family and members it sets.
func tcpTable(tb testing.TB, l tcpmib.Layout, c tcpmib.Class, e ...netmib.Socket) snapshot.Table {
	for i := range e {
		e[i].Proto, e[i].Family, e[i].Known = netmib.TCP, l.Family(), l.Fields()
	}
	b, err := l.AppendTable(nil, e)
	require.NoError(tb, err)
	return snapshot.Table{Proto: netmib.TCP, Family: l.Family(), Class: uint32(c), Data: b}
}

func udpTable(tb testing.TB, l udpmib.Layout, c udpmib.Class, e ...netmib.Socket) snapshot.Table {
	for i := range e {
		e[i].Proto, e[i].Family, e[i].Known = netmib.UDP, l.Family(), l.Fields()
	}
	b, err := l.AppendTable(nil, e)
	require.NoError(tb, err)
	return snapshot.Table{Proto: netmib.UDP, Family: l.Family(), Class: uint32(c), Data: b}
}

// table2 returns the MIB_TCP6TABLE2 of GetTcp6Table2 with sockets e.
func table2(tb testing.TB, e ...netmib.Socket) snapshot.Table {
	t := tcpTable(tb, tcpmib.IPv6Table2, 0, e...)
	t.Func = snapshot.Table2
	return t
}

// sample returns a snapshot with a table of each kind, TCP and UDP, with
// and without owners, and processes, services and owners for them.
func sample(tb testing.TB) *snapshot.Snapshot {
	return &snapshot.Snapshot{
		Taken: time.Date(2026, 11, 2, 11, 0, 0, 123456789, time.UTC),
		Host:  snapshot.Host{Name: "ws1", Windows: snapshot.Version{Major: 10, Build: 22631}},
		Tables: []snapshot.Table{
			tcpTable(tb, tcpmib.IPv4OwnerModule, tcpmib.OwnerModuleAll,
				netmib.Socket{Local: ap("0.0.0.0:135"), Remote: ap("0.0.0.0:0"), State: state.Listen, PID: 1188, CreateTimestamp: 133_000_000_000_000_000, ModuleInfo: tag(11)},
				netmib.Socket{Local: ap("10.0.0.1:50000"), Remote: ap("10.0.0.2:443"), State: state.TimeWait}),
			tcpTable(tb, tcpmib.IPv6Basic, tcpmib.BasicAll,
				netmib.Socket{Local: ap("[fe80::1]:5357"), LocalScopeID: 12, Remote: ap("[::]:0"), State: state.Listen}),
			udpTable(tb, udpmib.IPv6OwnerModule, udpmib.OwnerModule,
				netmib.Socket{Local: ap("[::]:5353"), PID: 1188, CreateTimestamp: 133_000_000_100_000_000, Flags: 1, ModuleInfo: tag(31)}),
			udpTable(tb, udpmib.IPv4OwnerPID, udpmib.OwnerPID,
				netmib.Socket{Local: ap("127.0.0.1:1900"), PID: 0}),
			table2(tb, netmib.Socket{Local: ap("[2001:db8::1]:443"), Remote: ap("[2001:db8::2]:50000"), State: state.Established,
				PID: 1188, OffloadState: state.Offloaded}),
		},
		Processes: []snapshot.Process{
			{PID: 0},
			{PID: 1188, Image: `C:\Windows\System32\svchost.exe`, CreateTimestamp: 133_000_000_000_000_000},
		},
		Services: []snapshot.Service{
			{PID: 1188, Tag: 11, Name: "RpcSs"},
			{PID: 1188, Tag: 31, Error: "sechost.dll!I_QueryTagInformation: unsupported operation"},
		},
		Modules: []snapshot.Module{
			{PID: 1188, ModuleInfo: tag(11), Module: netmib.Module{Name: "RpcSs"}},
			{PID: 1188, ModuleInfo: tag(31), Error: "GetOwnerModuleFromPidAndInfo: " + "unsupported operation"},
		},
	}
}

func TestSockets(t *testing.T) {
	s := sample(t)
	var got []netmib.Socket
	for sock := range s.Sockets() {
		got = append(got, sock)
	}
	v4, v6 := netmib.IPv4, netmib.IPv6
	const (
		tcpOM   = netmib.FieldRemote | netmib.FieldState | netmib.FieldPID | netmib.FieldCreateTimestamp | netmib.FieldModuleInfo
		tcp6Bas = netmib.FieldRemote | netmib.FieldState | netmib.FieldScopeIDs
		udp6OM  = netmib.FieldScopeIDs | netmib.FieldPID | netmib.FieldCreateTimestamp | netmib.FieldModuleInfo | netmib.FieldFlags
		udpPID  = netmib.FieldPID
		tcp62   = netmib.FieldRemote | netmib.FieldState | netmib.FieldScopeIDs | netmib.FieldPID | netmib.FieldOffloadState
	)
	want := []netmib.Socket{
		{Proto: netmib.TCP, Family: v4, Local: ap("0.0.0.0:135"), Remote: ap("0.0.0.0:0"), State: state.Listen, PID: 1188, CreateTimestamp: 133_000_000_000_000_000, ModuleInfo: tag(11), Known: tcpOM},
		{Proto: netmib.TCP, Family: v4, Local: ap("10.0.0.1:50000"), Remote: ap("10.0.0.2:443"), State: state.TimeWait, Known: tcpOM},
		{Proto: netmib.TCP, Family: v6, Local: ap("[fe80::1]:5357"), LocalScopeID: 12, Remote: ap("[::]:0"), State: state.Listen, Known: tcp6Bas},
		{Proto: netmib.UDP, Family: v6, Local: ap("[::]:5353"), PID: 1188, CreateTimestamp: 133_000_000_100_000_000, ModuleInfo: tag(31), Flags: 1, Known: udp6OM},
		{Proto: netmib.UDP, Family: v4, Local: ap("127.0.0.1:1900"), Known: udpPID},
		{Proto: netmib.TCP, Family: v6, Local: ap("[2001:db8::1]:443"), Remote: ap("[2001:db8::2]:50000"), State: state.Established, PID: 1188, OffloadState: state.Offloaded, Known: tcp62},
	}
	require.Empty(t, cmp.Diff(want, got, cmpAddrs))

	// A PID of 0 from an OWNER_PID table is known; one from a BASIC table is not.
	require.True(t, got[4].Has(netmib.FieldPID))
	require.False(t, got[2].Has(netmib.FieldPID))
	require.Equal(t, snapshot.Owner{}, s.OwnerOf(&got[2]), "no PID, no owner")
	require.Equal(t, "", s.OwnerOf(&got[2]).Name())
	o := s.OwnerOf(&got[4])
	require.Equal(t, "System Idle Process", o.Process.Name(), "the record of PID 0 says so")
	require.Equal(t, "System Idle Process", o.Name())

	o = s.OwnerOf(&got[0])
	require.Equal(t, "RpcSs", o.Service.Name)
	require.Equal(t, "svchost.exe (RpcSs)", o.Name())
	require.Nil(t, s.OwnerOf(&got[1]).Service, "service tag 0")
	o = s.OwnerOf(&got[3])
	require.NotEmpty(t, o.Module.Error, "the failed lookup is kept")
	require.Equal(t, "svchost.exe", o.Name(), "a service whose name the lookup did not find")

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
	var sink netmib.Socket
	allocs := testing.AllocsPerRun(100, func() {
		for sock := range s.Sockets() {
			sink = sock
		}
	})
	require.Zero(t, allocs)
	_ = sink
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
	require.Equal(t, 2.0, m["version"])
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
		{snapshot.Table{Proto: netmib.TCP, Family: netmib.IPv4}, "GetExtendedTcpTable"},
		{snapshot.Table{Proto: netmib.UDP, Family: netmib.IPv6}, "GetExtendedUdpTable"},
		{snapshot.Table{Proto: netmib.TCP, Family: netmib.IPv4, Func: snapshot.Table2}, "GetTcpTable2"},
		{snapshot.Table{Proto: netmib.TCP, Family: netmib.IPv6, Func: snapshot.Table2}, "GetTcp6Table2"},
		{snapshot.Table{Proto: netmib.UDP, Family: netmib.IPv6, Func: snapshot.Table2}, ""},
		{snapshot.Table{Proto: netmib.TCP, Family: 99, Func: snapshot.Table2}, ""},
		{snapshot.Table{Proto: netmib.TCP, Family: netmib.IPv6, Func: 7}, ""},
	} {
		require.Equal(t, tt.name, tt.t.FuncName(), "%+v", tt.t)
	}

	// A TABLE2 table has no class; UDP has no TABLE2.
	tab := table2(t)
	tab.Class = 8
	_, err := tab.TCP()
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	udp := snapshot.Table{Proto: netmib.UDP, Family: netmib.IPv6, Func: snapshot.Table2, Data: make([]byte, 4)}
	_, err = udp.UDP()
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
}

func TestWriteRefusesInconsistent(t *testing.T) {
	for name, mutate := range map[string]func(s *snapshot.Snapshot){
		"table does not parse": func(s *snapshot.Snapshot) { s.Tables[0].Data = s.Tables[0].Data[:20] },
		"processes unsorted":   func(s *snapshot.Snapshot) { s.Processes[0].PID = 5000 },
		"duplicate service":    func(s *snapshot.Snapshot) { s.Services[1] = s.Services[0] },
		"service tag 0":        func(s *snapshot.Snapshot) { s.Services[0].Tag = 0 },
		"modules unsorted":     func(s *snapshot.Snapshot) { s.Modules[0], s.Modules[1] = s.Modules[1], s.Modules[0] },
	} {
		s := sample(t)
		mutate(s)
		var buf bytes.Buffer
		err := snapshot.Write(&buf, s)
		require.ErrorIs(t, err, snapshot.ErrInvalid, name)
		require.Zero(t, buf.Len(), name)
	}
}

// TestOwnerOf checks the netstat -b name of a socket's owner in every
// case a snapshot holds: a process with and without a service, a module
// without a process name, no record at all, and names that would forge
// output.
func TestOwnerOf(t *testing.T) {
	s := &snapshot.Snapshot{
		Processes: []snapshot.Process{
			{PID: 0}, {PID: 4}, {PID: 7, Error: "access denied"},
			{PID: 666, Image: "C:\\evil\nTCP 0.0.0.0:1\x1b[2J"}, {PID: 1188, Image: `C:\Windows\System32\svchost.exe`},
		},
		Services: []snapshot.Service{{PID: 9, Tag: 3, Name: "Orphan"}, {PID: 1188, Tag: 11, Name: "RpcSs"}},
		Modules:  []snapshot.Module{{PID: 7, ModuleInfo: tag(0), Module: netmib.Module{Name: "module.dll"}}},
	}
	sock := func(pid, tg uint32) *netmib.Socket {
		return &netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv4, PID: pid, ModuleInfo: tag(tg),
			Known: netmib.FieldRemote | netmib.FieldState | netmib.FieldPID | netmib.FieldCreateTimestamp | netmib.FieldModuleInfo}
	}
	for _, tt := range []struct {
		s         *netmib.Socket
		name, str string
	}{
		{sock(1188, 11), "svchost.exe (RpcSs)", "svchost.exe (RpcSs)"},
		{sock(1188, 12), "svchost.exe", "svchost.exe"},
		{sock(4, 0), "System", "System"},
		{sock(0, 0), "System Idle Process", "System Idle Process"},
		{sock(7, 0), "module.dll", "module.dll"},
		{sock(9, 3), "Orphan", "Orphan"},
		{sock(5, 0), "", ""},
		{&netmib.Socket{Proto: netmib.TCP, PID: 4, Known: netmib.FieldRemote | netmib.FieldState}, "", ""},
		{sock(666, 0), "evil\nTCP 0.0.0.0:1\x1b[2J", `evil\nTCP 0.0.0.0:1\x1b[2J`},
	} {
		o := s.OwnerOf(tt.s)
		require.Equal(t, tt.name, o.Name(), "PID %d", tt.s.PID)
		require.Equal(t, tt.str, o.String(), "PID %d", tt.s.PID)
	}
	empty := &snapshot.Snapshot{}
	require.Equal(t, "", empty.OwnerOf(sock(4, 0)).Name(), "no record of PID 4: no name")
	require.Equal(t, "", empty.OwnerOf(sock(0, 0)).Name(), "no record of PID 0: no name")
	require.Nil(t, empty.Process(0))
	require.NotNil(t, s.Process(0))
}

func TestSelect(t *testing.T) {
	s := sample(t)
	var got []string
	for sock := range s.Select(netmib.Filter{States: []state.State{state.Listen}}) {
		got = append(got, sock.String())
	}
	require.Equal(t, []string{"TCP 0.0.0.0:135 0.0.0.0:0 LISTEN 1188", "TCP [fe80::1%12]:5357 [::]:0 LISTEN -"}, got)
	for range s.Select(netmib.Filter{}) {
		break
	}
}

// TestFromTable makes a snapshot of one raw table, checked.
func TestFromTable(t *testing.T) {
	tab := sample(t).Tables[0]
	s, err := snapshot.FromTable(tab)
	require.NoError(t, err)
	require.Equal(t, []snapshot.Table{tab}, s.Tables)
	bad := tab
	bad.Data = append([]byte(nil), tab.Data...)
	bad.Data[5] = 1 // the header's padding
	_, err = snapshot.FromTable(bad)
	require.ErrorIs(t, err, netmib.ErrMismatch)
}

// TestChangeJSON checks the JSON of each kind of change, and that it
// reads back.
func TestChangeJSON(t *testing.T) {
	socks := slices.Collect(sample(t).Sockets())
	for _, c := range []snapshot.Change{
		{Kind: snapshot.Opened, New: socks[0]},
		{Kind: snapshot.Closed, Old: socks[3]},
		{Kind: snapshot.StateChanged, Old: socks[0], New: socks[1]},
	} {
		b, err := json.Marshal(c)
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(string(b), `{"change":"`+c.Kind.String()+`","old":`), string(b))
		if c.Kind == snapshot.Opened {
			require.Contains(t, string(b), `"old":null,"new":{"proto":"tcp"`)
		}
		if c.Kind == snapshot.Closed {
			require.True(t, strings.HasSuffix(string(b), `,"new":null}`))
		}
		var back snapshot.Change
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, c, back)
	}
	for _, k := range []snapshot.ChangeKind{snapshot.Opened, snapshot.Closed, snapshot.StateChanged, 9} {
		for _, text := range []string{k.String(), strings.ToUpper(k.String())} {
			got, err := snapshot.ParseChangeKind(text)
			require.NoError(t, err)
			require.Equal(t, k, got)
		}
	}
	_, err := snapshot.ParseChangeKind("renamed")
	require.Error(t, err)
}
