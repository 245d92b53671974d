package ipconfig_test

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/ipconfig"
)

const benchRows = 10000

// benchTables returns a table of benchRows varied rows of each kind.
func benchTables(tb testing.TB) map[ipconfig.Kind][]byte {
	tb.Helper()
	var mac ipconfig.HardwareAddr
	require.NoError(tb, mac.UnmarshalText([]byte("00-15-5D-0A-1B-2C")))
	addr := func(i int) ipconfig.SockAddr {
		if i%2 == 0 {
			return ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})}
		}
		var b [16]byte
		b[0], b[1] = 0xfe, 0x80
		binary.BigEndian.PutUint64(b[8:], uint64(i)*0x9e3779b97f4a7c15)
		return ipconfig.SockAddr{Family: ipconfig.AFInet6, Addr: netip.AddrFrom16(b), ScopeID: uint32(i % 31)}
	}
	ifs := make([]ipconfig.Interface, benchRows)
	addrs := make([]ipconfig.Address, benchRows)
	routes := make([]ipconfig.Route, benchRows)
	ns := make([]ipconfig.Neighbor, benchRows)
	for i := range benchRows {
		m := mac
		m.Addr[5] = byte(i)
		ifs[i] = ipconfig.Interface{LUID: ipconfig.LUID(uint64(6)<<48 | uint64(i)<<24), Index: uint32(i), MTU: 1500,
			Type: ipconfig.IfTypeEthernet, OperStatus: ipconfig.OperStatus(i%7 + 1), PhysicalAddress: m, PermanentPhysicalAddress: m,
			TransmitLinkSpeed: uint64(i) * 1000}
		addrs[i] = ipconfig.Address{Address: addr(i), InterfaceIndex: uint32(i % 50), PrefixLength: uint8(i % 33), DadState: 4}
		routes[i] = ipconfig.Route{Destination: addr(i), PrefixLength: uint8(i % 33), NextHop: addr(i + 2), InterfaceIndex: uint32(i % 50), Metric: uint32(i)}
		ns[i] = ipconfig.Neighbor{Address: addr(i), InterfaceIndex: uint32(i % 50), PhysicalAddress: m, State: ipconfig.NeighborState(i % 7)}
	}
	out := map[ipconfig.Kind][]byte{}
	var err error
	out[ipconfig.Interfaces], err = ipconfig.AppendInterfaceTable(nil, ifs)
	require.NoError(tb, err)
	out[ipconfig.Addresses], err = ipconfig.AppendAddressTable(nil, addrs)
	require.NoError(tb, err)
	out[ipconfig.Routes], err = ipconfig.AppendRouteTable(nil, routes)
	require.NoError(tb, err)
	out[ipconfig.Neighbors], err = ipconfig.AppendNeighborTable(nil, ns)
	require.NoError(tb, err)
	return out
}

// A fold keeps every value read, so that none is optimised away.
type fold struct{ u uint64 }

//go:noinline
func (f *fold) addr(a ipconfig.SockAddr) {
	b := a.Addr.As16()
	f.u += binary.LittleEndian.Uint64(b[8:]) + uint64(a.Family) + uint64(a.ScopeID) + uint64(a.Port)
}

//go:noinline
func (f *fold) add(v ...uint64) {
	for _, x := range v {
		f.u += x
	}
}

// Mirror structs of the rows for the unsafe baseline, laid out as the C
// structs on little-endian 64-bit hosts.
type (
	mirrorSockAddr struct {
		Family uint16
		Port   [2]byte
		Data   [24]byte // sin_addr, or sin6_flowinfo, sin6_addr and sin6_scope_id
	}
	mirrorIfRow struct {
		LUID                uint64
		Index               uint32
		GUID                [16]byte
		Alias, Description  [257]uint16
		PhysicalLen         uint32
		Physical, Permanent [32]byte
		MTU, Type           uint32
		_                   [5]uint32
		Flags               uint8
		_                   [3]byte
		OperStatus          uint32
		_                   [2]uint32
		NetworkGUID         [16]byte
		ConnectionType      uint32
		_                   [4]byte
		Transmit, Receive   uint64
		Counters            [18]uint64
	}
	mirrorAddrRow struct {
		Address                           mirrorSockAddr
		_                                 [4]byte
		LUID                              uint64
		Index, PrefixOrigin, SuffixOrigin uint32
		Valid, Preferred                  uint32
		PrefixLength, SkipAsSource        uint8
		_                                 [2]byte
		DadState, ScopeID                 uint32
		Created                           int64
	}
	mirrorRouteRow struct {
		LUID                         uint64
		Index                        uint32
		Destination                  mirrorSockAddr
		PrefixLength                 uint8
		_                            [3]byte
		NextHop                      mirrorSockAddr
		SitePrefixLength             uint8
		_                            [3]byte
		Valid, Preferred, Metric     uint32
		Protocol                     uint32
		Loopback, Auto, Publish, Imm uint8
		Age, Origin                  uint32
	}
	mirrorNeighborRow struct {
		Address      mirrorSockAddr
		Index        uint32
		LUID         uint64
		Physical     [32]byte
		PhysicalLen  uint32
		State        uint32
		Flags        uint8
		_            [3]byte
		Reachability uint32
	}
)

func castRows[T any](b []byte) []T {
	n := binary.LittleEndian.Uint32(b)
	var zero T
	if uint64(len(b)-8)/uint64(unsafe.Sizeof(zero)) < uint64(n) {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[8])), n)
}

// castSockAddr decodes a mirrored SOCKADDR_INET as SockAddr does.
func castSockAddr(m *mirrorSockAddr) ipconfig.SockAddr {
	a := ipconfig.SockAddr{Family: m.Family, Port: binary.BigEndian.Uint16(m.Port[:])}
	switch m.Family {
	case ipconfig.AFInet:
		a.Addr = netip.AddrFrom4([4]byte(m.Data[:4]))
	case ipconfig.AFInet6:
		a.FlowInfo = binary.BigEndian.Uint32(m.Data[:4])
		a.Addr = netip.AddrFrom16([16]byte(m.Data[4:20]))
		a.ScopeID = binary.LittleEndian.Uint32(m.Data[20:])
	default:
		a.Port = 0
	}
	return a
}

// The measured loops: Parse, All, and the accessors of the members a
// program reads most, as an ordinary function would; each against the
// cast reading the same members.
var loops = map[ipconfig.Kind][2]func(b []byte, f *fold){
	ipconfig.Interfaces: {
		func(b []byte, f *fold) {
			t, _ := ipconfig.ParseInterfaces(b)
			for _, r := range t.All() {
				h := r.PhysicalAddress()
				f.add(uint64(r.Index()), uint64(r.LUID()), uint64(r.Type()), uint64(r.OperStatus()), uint64(r.MTU()),
					uint64(h.Len), uint64(h.Addr[5]), r.TransmitLinkSpeed())
			}
		},
		func(b []byte, f *fold) {
			rows := castRows[mirrorIfRow](b)
			for i := range rows {
				m := &rows[i]
				h := ipconfig.HardwareAddr{Len: m.PhysicalLen, Addr: m.Physical}
				f.add(uint64(m.Index), m.LUID, uint64(m.Type), uint64(m.OperStatus), uint64(m.MTU),
					uint64(h.Len), uint64(h.Addr[5]), m.Transmit)
			}
		},
	},
	ipconfig.Addresses: {
		func(b []byte, f *fold) {
			t, _ := ipconfig.ParseAddresses(b)
			for _, r := range t.All() {
				f.addr(r.SockAddr())
				f.add(uint64(r.InterfaceIndex()), uint64(r.PrefixLength()), uint64(r.DadState()))
			}
		},
		func(b []byte, f *fold) {
			rows := castRows[mirrorAddrRow](b)
			for i := range rows {
				m := &rows[i]
				f.addr(castSockAddr(&m.Address))
				f.add(uint64(m.Index), uint64(m.PrefixLength), uint64(m.DadState))
			}
		},
	},
	ipconfig.Routes: {
		func(b []byte, f *fold) {
			t, _ := ipconfig.ParseRoutes(b)
			for _, r := range t.All() {
				f.addr(r.Destination())
				f.addr(r.NextHop())
				f.add(uint64(r.PrefixLength()), uint64(r.InterfaceIndex()), uint64(r.Metric()))
			}
		},
		func(b []byte, f *fold) {
			rows := castRows[mirrorRouteRow](b)
			for i := range rows {
				m := &rows[i]
				f.addr(castSockAddr(&m.Destination))
				f.addr(castSockAddr(&m.NextHop))
				f.add(uint64(m.PrefixLength), uint64(m.Index), uint64(m.Metric))
			}
		},
	},
	ipconfig.Neighbors: {
		func(b []byte, f *fold) {
			t, _ := ipconfig.ParseNeighbors(b)
			for _, r := range t.All() {
				h := r.PhysicalAddress()
				f.addr(r.SockAddr())
				f.add(uint64(r.InterfaceIndex()), uint64(h.Len), uint64(h.Addr[5]), uint64(r.State()))
			}
		},
		func(b []byte, f *fold) {
			rows := castRows[mirrorNeighborRow](b)
			for i := range rows {
				m := &rows[i]
				h := ipconfig.HardwareAddr{Len: m.PhysicalLen, Addr: m.Physical}
				f.addr(castSockAddr(&m.Address))
				f.add(uint64(m.Index), uint64(h.Len), uint64(h.Addr[5]), uint64(m.State))
			}
		},
	},
}

var littleEndian64 = unsafe.Sizeof(uintptr(0)) == 8 && binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// TestMirrors checks the mirror structs' sizes and that both loops of
// each table fold the same values.
func TestMirrors(t *testing.T) {
	if !littleEndian64 {
		t.Skip("the mirrors are laid out for little-endian 64-bit hosts")
	}
	require.Equal(t, uintptr(1352), unsafe.Sizeof(mirrorIfRow{}))
	require.Equal(t, uintptr(80), unsafe.Sizeof(mirrorAddrRow{}))
	require.Equal(t, uintptr(104), unsafe.Sizeof(mirrorRouteRow{}))
	require.Equal(t, uintptr(88), unsafe.Sizeof(mirrorNeighborRow{}))
	for k, b := range benchTables(t) {
		var got, want fold
		loops[k][0](b, &got)
		loops[k][1](b, &want)
		require.Equal(t, want, got, "%v", k)
		require.NotZero(t, got.u)
	}
}

// TestNoAllocsPerTable: Parse and the iterator allocate nothing, at any
// size.
func TestNoAllocsPerTable(t *testing.T) {
	tables := benchTables(t)
	for _, k := range ipconfig.Kinds() {
		var f fold
		n := testing.AllocsPerRun(5, func() { loops[k][0](tables[k], &f) })
		require.Zero(t, n, "%v", k)
	}
}

// BenchmarkAll parses a table of 10,000 rows of each kind and reads its
// members through the row views, against the unsafe cast.
func BenchmarkAll(b *testing.B) {
	tables := benchTables(b)
	for _, k := range ipconfig.Kinds() {
		for i, impl := range []string{"netmib", "unsafe-baseline"} {
			if i == 1 && !littleEndian64 {
				continue
			}
			b.Run("table="+k.String()+"/impl="+impl, func(b *testing.B) {
				b.ReportAllocs()
				var f fold
				for b.Loop() {
					loops[k][i](tables[k], &f)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
			})
		}
	}
}
