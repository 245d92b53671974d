package snapshot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/ipconfig"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

func tag(t uint32) (m netmib.ModuleInfo) {
	binary.LittleEndian.PutUint32(m[:], t)
	return m
}

// fake plays a Windows host: its tables, processes, services and owners.
type fake struct {
	tables    map[TableSpec][]byte
	images    map[uint32]string
	services  map[[2]uint32]string
	owners    bool // GetOwnerModuleFromPidAndInfo exists
	asked     map[string]int
	tableErr  error
	net       map[ipconfig.Kind][]byte // a kind it lacks fails as Wine 8's GetIpNetTable2 does
	taken     time.Time
	hostFacts Host
}

func (f *fake) appendTable(dst []byte, t TableSpec) ([]byte, error) {
	f.asked["table"]++
	if f.tableErr != nil {
		return dst, f.tableErr
	}
	b, ok := f.tables[t]
	if !ok {
		return dst, syscall.Errno(87)
	}
	return append(dst, b...), nil
}

func (f *fake) appendNetTable(dst []byte, k ipconfig.Kind) ([]byte, error) {
	f.asked["net"]++
	b, ok := f.net[k]
	if !ok {
		return dst, fmt.Errorf("ipconfig: %s: %w", k.Function(), syscall.Errno(1))
	}
	return append(dst, b...), nil
}

func (f *fake) process(pid uint32) (string, int64, error) {
	f.asked[fmt.Sprint("process ", pid)]++
	img, ok := f.images[pid]
	if !ok {
		return "", 0, fmt.Errorf("OpenProcess(%d): %w", pid, syscall.Errno(5))
	}
	return img, 133_000_000_000_000_000 + int64(pid), nil
}

func (f *fake) service(pid, tag uint32) (string, error) {
	f.asked[fmt.Sprint("service ", pid, " ", tag)]++
	if f.services == nil {
		return "", fmt.Errorf("sechost.dll!I_QueryTagInformation: %w", errors.ErrUnsupported)
	}
	name, ok := f.services[[2]uint32{pid, tag}]
	if !ok {
		return "", fmt.Errorf("I_QueryTagInformation(%d, %d): %w", pid, tag, syscall.Errno(1168))
	}
	return name, nil
}

func (f *fake) module(pid uint32, m *netmib.ModuleInfo) (netmib.Module, error) {
	f.asked[fmt.Sprint("module ", pid)]++
	if !f.owners {
		return netmib.Module{}, fmt.Errorf("iphlpapi.dll!GetOwnerModuleFromPidAndInfo: %w", errors.ErrUnsupported)
	}
	if m.ServiceTag() != 0 {
		return netmib.Module{Name: fmt.Sprint("service-", m.ServiceTag())}, nil
	}
	return netmib.Module{Name: fmt.Sprint("pid-", pid, ".exe"), Path: fmt.Sprint(`C:\pid-`, pid, ".exe")}, nil
}

func (f *fake) host() Host     { return f.hostFacts }
func (f *fake) now() time.Time { return f.taken }

func mustTCP(l tcpmib.Layout, e []netmib.Socket) []byte {
	for i := range e {
		e[i].Proto, e[i].Family, e[i].Known = netmib.TCP, l.Family(), l.Fields()
	}
	b, err := l.AppendTable(nil, e)
	if err != nil {
		panic(err)
	}
	return b
}

func mustUDP(l udpmib.Layout, e []netmib.Socket) []byte {
	for i := range e {
		e[i].Proto, e[i].Family, e[i].Known = netmib.UDP, l.Family(), l.Fields()
	}
	b, err := l.AppendTable(nil, e)
	if err != nil {
		panic(err)
	}
	return b
}

func ap(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

// newFake returns a host with sockets of PIDs 0 (TIME_WAIT), 4, 1188 (an
// svchost with two services), 2000 (a process that cannot be opened) and
// 3000, in all four default tables.
func newFake() *fake {
	specs := DefaultTables()
	return &fake{
		tables: map[TableSpec][]byte{
			specs[0]: mustTCP(tcpmib.IPv4OwnerModule, []netmib.Socket{
				{Local: ap("0.0.0.0:135"), Remote: ap("0.0.0.0:0"), State: state.Listen, PID: 1188, CreateTimestamp: 5, ModuleInfo: tag(11)},
				{Local: ap("0.0.0.0:445"), Remote: ap("0.0.0.0:0"), State: state.Listen, PID: 4, CreateTimestamp: 6},
				{Local: ap("10.0.0.1:50000"), Remote: ap("10.0.0.2:443"), State: state.TimeWait},
			}),
			specs[1]: mustTCP(tcpmib.IPv6OwnerModule, []netmib.Socket{
				{Local: ap("[::]:135"), Remote: ap("[::]:0"), State: state.Listen, PID: 1188, CreateTimestamp: 7, ModuleInfo: tag(11)},
				{Local: ap("[fe80::1]:5357"), LocalScopeID: 12, Remote: ap("[::]:0"), State: state.Listen, PID: 2000, CreateTimestamp: 8},
			}),
			specs[2]: mustUDP(udpmib.IPv4OwnerModule, []netmib.Socket{
				{Local: ap("0.0.0.0:5353"), PID: 1188, CreateTimestamp: 9, Flags: 1, ModuleInfo: tag(31)},
				{Local: ap("127.0.0.1:1900"), PID: 1188, CreateTimestamp: 10, Flags: 1, ModuleInfo: tag(99)},
			}),
			specs[3]: mustUDP(udpmib.IPv6OwnerModule, []netmib.Socket{
				{Local: ap("[::]:5353"), PID: 3000, CreateTimestamp: 11},
			}),
		},
		net:       fakeNetwork(),
		images:    map[uint32]string{1188: `C:\Windows\System32\svchost.exe`, 3000: `C:\Program Files\x\x.exe`},
		services:  map[[2]uint32]string{{1188, 11}: "RpcSs", {1188, 31}: "Dnscache"},
		owners:    true,
		asked:     map[string]int{},
		taken:     time.Date(2026, 11, 2, 12, 0, 0, 123, time.FixedZone("CET", 3600)),
		hostFacts: Host{Name: "ws1", Windows: Version{10, 0, 22631}},
	}
}

func TestTake(t *testing.T) {
	f := newFake()
	s, err := take(f, Options{})
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 11, 2, 11, 0, 0, 123, time.UTC), s.Taken)
	require.Equal(t, time.UTC, s.Taken.Location())
	require.Equal(t, f.hostFacts, s.Host)
	require.Len(t, s.Tables, 4)
	require.Equal(t, 4, f.asked["table"])

	// Every PID, but 0 and 4, which are named without asking.
	require.Equal(t, []Process{
		{PID: 0}, {PID: 4},
		{PID: 1188, Image: `C:\Windows\System32\svchost.exe`, CreateTimestamp: 133_000_000_000_000_000 + 1188},
		{PID: 2000, Error: "OpenProcess(2000): " + syscall.Errno(5).Error()},
		{PID: 3000, Image: `C:\Program Files\x\x.exe`, CreateTimestamp: 133_000_000_000_000_000 + 3000},
	}, s.Processes)
	require.Zero(t, f.asked["process 0"]+f.asked["process 4"])
	require.Equal(t, "System Idle Process", s.Processes[0].Name())
	require.Equal(t, "System", s.Processes[1].Name())
	require.Equal(t, "svchost.exe", s.Processes[2].Name())

	// Each (PID, tag) once, the failure kept.
	require.Equal(t, []Service{
		{PID: 1188, Tag: 11, Name: "RpcSs"},
		{PID: 1188, Tag: 31, Name: "Dnscache"},
		{PID: 1188, Tag: 99, Error: "I_QueryTagInformation(1188, 99): " + syscall.Errno(1168).Error()},
	}, s.Services)
	require.Equal(t, 1, f.asked["service 1188 11"], "asked once for two sockets")

	// Each (PID, module info) once; PID 0 (TIME_WAIT) is not asked.
	require.Len(t, s.Modules, 6)
	require.Zero(t, f.asked["module 0"])

	for sock := range s.Sockets() {
		if sock.Local == ap("0.0.0.0:135") {
			o := s.OwnerOf(&sock)
			require.Equal(t, "svchost.exe", o.Process.Name())
			require.Equal(t, "RpcSs", o.Service.Name)
			require.Equal(t, "service-11", o.Module.Name)
			require.Equal(t, "svchost.exe (RpcSs)", o.Name())
		}
	}
}

func TestTakeKeepsLookupFailures(t *testing.T) {
	f := newFake()
	f.services, f.owners = nil, false // as under Wine
	s, err := take(f, Options{})
	require.NoError(t, err, "failed lookups do not fail the snapshot")
	require.NotEmpty(t, s.Services)
	for _, v := range s.Services {
		require.Contains(t, v.Error, "unsupported operation")
		require.Empty(t, v.Name)
	}
	for _, m := range s.Modules {
		require.Contains(t, m.Error, "GetOwnerModuleFromPidAndInfo: unsupported operation")
	}
}

func TestTakeOptions(t *testing.T) {
	f := newFake()
	spec := DefaultTables()[1]
	s, err := take(f, Options{Tables: []TableSpec{spec}, SkipOwners: true, SkipNetwork: true})
	require.NoError(t, err)
	require.Len(t, s.Tables, 1)
	require.Equal(t, netmib.TCP, s.Tables[0].Proto)
	require.Equal(t, netmib.IPv6, s.Tables[0].Family)
	require.Empty(t, s.Processes)
	require.Empty(t, s.Services)
	require.Empty(t, s.Modules)
	require.Equal(t, map[string]int{"table": 1}, f.asked)
}

func TestTakeTableErrors(t *testing.T) {
	f := newFake()
	f.tableErr = fmt.Errorf("GetExtendedTcpTable(af 2, class 8): %w", syscall.Errno(87))
	_, err := take(f, Options{})
	require.ErrorIs(t, err, syscall.Errno(87))

	f = newFake()
	f.tables[DefaultTables()[0]] = []byte{9, 0, 0, 0} // 9 rows declared, none there
	_, err = take(f, Options{})
	require.ErrorIs(t, err, netmib.ErrTruncated, "what Windows returned must parse")

	// A table whose bytes contradict its layout would make a file that
	// Read refuses: Take refuses it first.
	f = newFake()
	b := append([]byte(nil), f.tables[DefaultTables()[0]]...)
	b[5] = 1 // the header's padding
	f.tables[DefaultTables()[0]] = b
	_, err = take(f, Options{})
	require.ErrorIs(t, err, netmib.ErrMismatch)
}

func TestTakeElsewhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Take works here; the live tests cover it")
	}
	_, err := Take(Options{})
	require.ErrorIs(t, err, errors.ErrUnsupported)
}

// fakeNetwork returns the interfaces, addresses and routes of a host with
// a loopback interface (index 1) and an Ethernet adapter (index 12), and
// no neighbor table.
func fakeNetwork() map[ipconfig.Kind][]byte {
	var mac ipconfig.HardwareAddr
	if err := mac.UnmarshalText([]byte("00-15-5D-0A-1B-2C")); err != nil {
		panic(err)
	}
	v4 := func(s string) ipconfig.SockAddr {
		return ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.MustParseAddr(s)}
	}
	ifs, err := ipconfig.AppendInterfaceTable(nil, []ipconfig.Interface{
		{Index: 1, Alias: "Loopback Pseudo-Interface 1", Type: ipconfig.IfTypeSoftwareLoopback, OperStatus: ipconfig.OperUp},
		{Index: 12, Alias: "Ethernet", Description: "Intel(R) Ethernet", PhysicalAddress: mac, PermanentPhysicalAddress: mac,
			Type: ipconfig.IfTypeEthernet, OperStatus: ipconfig.OperUp},
	})
	if err != nil {
		panic(err)
	}
	addrs, err := ipconfig.AppendAddressTable(nil, []ipconfig.Address{
		{Address: v4("127.0.0.1"), InterfaceIndex: 1, PrefixLength: 8},
		{Address: v4("10.0.0.1"), InterfaceIndex: 12, PrefixLength: 24},
		{Address: ipconfig.SockAddr{Family: ipconfig.AFInet6, Addr: netip.MustParseAddr("fe80::1"), ScopeID: 12}, InterfaceIndex: 12, PrefixLength: 64},
	})
	if err != nil {
		panic(err)
	}
	routes, err := ipconfig.AppendRouteTable(nil, []ipconfig.Route{
		{InterfaceIndex: 12, Destination: v4("0.0.0.0"), NextHop: v4("10.0.0.254")},
	})
	if err != nil {
		panic(err)
	}
	return map[ipconfig.Kind][]byte{ipconfig.Interfaces: ifs, ipconfig.Addresses: addrs, ipconfig.Routes: routes}
}

func TestTakeNetwork(t *testing.T) {
	f := newFake()
	s, err := take(f, Options{})
	require.NoError(t, err)
	require.Len(t, s.Network, 4)
	nt, ok := s.NetTable(ipconfig.Neighbors)
	require.True(t, ok)
	require.Nil(t, nt.Data, "a table the producer does not return is recorded as such, not as an empty table")
	require.Equal(t, "ipconfig: GetIpNetTable2: "+syscall.Errno(1).Error(), nt.Err)
	require.Nil(t, s.Neighbors())

	eth, ok := s.Interface(12)
	require.True(t, ok)
	require.Equal(t, "Ethernet", eth.Alias)
	require.Equal(t, "00-15-5D-0A-1B-2C", eth.PhysicalAddress.String())
	_, ok = s.Interface(7)
	require.False(t, ok)
	require.Len(t, s.Addresses(), 3)
	require.Len(t, s.Routes(), 1)
	ni := s.NetInterfaces()
	require.Len(t, ni, 2)
	require.Len(t, ni[0].Addresses, 1)
	require.Len(t, ni[1].Addresses, 2)
	require.Equal(t, "10.0.0.1/24", ni[1].Addresses[0].Prefix().String())

	// The file keeps the tables and the failure, byte for byte.
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, s))
	back, err := Read(&buf)
	require.NoError(t, err)
	require.Equal(t, s.Network, back.Network)

	// A table whose bytes fail its check is recorded as a failure.
	bad := append([]byte(nil), f.net[ipconfig.Addresses]...)
	bad[8] = 99 // the first address's family
	f.net[ipconfig.Addresses] = bad
	s, err = take(f, Options{SkipOwners: true})
	require.NoError(t, err, "a bad IP configuration table does not fail the capture of the sockets")
	nt, _ = s.NetTable(ipconfig.Addresses)
	require.Nil(t, nt.Data)
	require.Contains(t, nt.Err, "Address has family 99")

	s, err = take(f, Options{SkipNetwork: true})
	require.NoError(t, err)
	require.Nil(t, s.Network)
	_, ok = s.NetTable(ipconfig.Interfaces)
	require.False(t, ok)
}
