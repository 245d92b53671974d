package ipconfig_test

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/ipconfig"
)

// table returns a table of kind k holding rows, with NumEntries and zero
// padding, written byte by byte.
func table(k ipconfig.Kind, rows ...[]byte) []byte {
	b := make([]byte, 8, 8+len(rows)*k.RowSize())
	binary.LittleEndian.PutUint32(b, uint32(len(rows)))
	for _, r := range rows {
		if len(r) != k.RowSize() {
			panic("row of the wrong size")
		}
		b = append(b, r...)
	}
	return b
}

// put writes hex at off of row: member by member, from the C structs.
func put(row []byte, off int, hexBytes string) {
	b, err := hex.DecodeString(strings.ReplaceAll(hexBytes, " ", ""))
	if err != nil {
		panic(err)
	}
	copy(row[off:], b)
}

func TestInterfaceMembers(t *testing.T) {
	r := make([]byte, 1352)
	put(r, 0, "00 00 00 01 00 00 06 00")  // InterfaceLuid: IfType 6 in bits 48-63, NetLuidIndex 1 in bits 24-47
	put(r, 8, "0c 00 00 00")              // InterfaceIndex 12
	put(r, 12, "72 e9 36 4d 25 e3 ce 11") // InterfaceGuid Data1, Data2, Data3
	put(r, 20, "bf c1 08 00 2b e1 03 18") // Data4
	copy(r[28:], utf16le("Ethernet"))     // Alias
	copy(r[542:], utf16le("Intel(R) Ethernet Connection I219-LM"))
	put(r, 1056, "06 00 00 00")             // PhysicalAddressLength
	put(r, 1060, "00 15 5d 0a 1b 2c")       // PhysicalAddress
	put(r, 1092, "00 15 5d 0a 1b 2d")       // PermanentPhysicalAddress
	put(r, 1124, "dc 05 00 00")             // Mtu 1500
	put(r, 1128, "06 00 00 00")             // Type: ethernetCsmacd
	put(r, 1132, "01 00 00 00")             // TunnelType
	put(r, 1136, "00 00 00 00")             // MediaType: NdisMedium802_3
	put(r, 1140, "0e 00 00 00")             // PhysicalMediumType: NdisPhysicalMedium802_3
	put(r, 1144, "02 00 00 00")             // AccessType: broadcast
	put(r, 1148, "00 00 00 00")             // DirectionType: send and receive
	put(r, 1152, "05")                      // Flags: HardwareInterface | ConnectorPresent
	put(r, 1156, "01 00 00 00")             // OperStatus: Up
	put(r, 1160, "01 00 00 00")             // AdminStatus: Up
	put(r, 1164, "01 00 00 00")             // MediaConnectState: Connected
	put(r, 1168, "01 02 03 04 05 06 07 08") // NetworkGuid
	put(r, 1176, "09 0a 0b 0c 0d 0e 0f 10")
	put(r, 1184, "01 00 00 00")             // ConnectionType: dedicated
	put(r, 1192, "00 ca 9a 3b 00 00 00 00") // TransmitLinkSpeed 1e9
	put(r, 1200, "00 e1 f5 05 00 00 00 00") // ReceiveLinkSpeed 1e8
	for i := range 18 {
		binary.LittleEndian.PutUint64(r[1208+8*i:], uint64(1000+i)) // the counters, in order
	}
	tab, err := ipconfig.ParseInterfaces(table(ipconfig.Interfaces, r))
	require.NoError(t, err)
	require.Equal(t, 1, tab.Len())
	v := tab.Row(0).Interface()

	var mac, perm ipconfig.HardwareAddr
	require.NoError(t, mac.UnmarshalText([]byte("00-15-5D-0A-1B-2C")))
	require.NoError(t, perm.UnmarshalText([]byte("00-15-5D-0A-1B-2D")))
	want := ipconfig.Interface{
		LUID: 0x0006_0000_0100_0000, Index: 12,
		Alias: "Ethernet", Description: "Intel(R) Ethernet Connection I219-LM",
		PhysicalAddress: mac, PermanentPhysicalAddress: perm,
		MTU: 1500, Type: ipconfig.IfTypeEthernet, TunnelType: 1, PhysicalMediumType: 14, AccessType: 2,
		Flags:      ipconfig.FlagHardwareInterface | ipconfig.FlagConnectorPresent,
		OperStatus: ipconfig.OperUp, AdminStatus: 1, MediaConnectState: 1, ConnectionType: 1,
		TransmitLinkSpeed: 1_000_000_000, ReceiveLinkSpeed: 100_000_000,
	}
	require.NoError(t, want.GUID.UnmarshalText([]byte("{4D36E972-E325-11CE-BFC1-08002BE10318}")))
	want.NetworkGUID = ipconfig.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	c := []*uint64{&want.Counters.InOctets, &want.Counters.InUcastPkts, &want.Counters.InNUcastPkts, &want.Counters.InDiscards,
		&want.Counters.InErrors, &want.Counters.InUnknownProtos, &want.Counters.InUcastOctets, &want.Counters.InMulticastOctets,
		&want.Counters.InBroadcastOctets, &want.Counters.OutOctets, &want.Counters.OutUcastPkts, &want.Counters.OutNUcastPkts,
		&want.Counters.OutDiscards, &want.Counters.OutErrors, &want.Counters.OutUcastOctets, &want.Counters.OutMulticastOctets,
		&want.Counters.OutBroadcastOctets, &want.Counters.OutQLen}
	for i, p := range c {
		*p = uint64(1000 + i)
	}
	require.Equal(t, want, v)
	require.Equal(t, "{4D36E972-E325-11CE-BFC1-08002BE10318}", v.GUID.String())
	require.Equal(t, "00-15-5D-0A-1B-2C", v.PhysicalAddress.String())
	require.Equal(t, ipconfig.IfTypeEthernet, v.LUID.IfType(), "the LUID's IfType bits")
	require.Equal(t, uint32(1), v.LUID.NetLuidIndex())
	require.Equal(t, "Ethernet", v.Type.String())
	require.Equal(t, "Up", v.OperStatus.String())

	b, err := ipconfig.AppendInterfaceTable(nil, []ipconfig.Interface{v})
	require.NoError(t, err)
	require.Equal(t, table(ipconfig.Interfaces, r), b, "the encoder writes the same bytes")
}

func TestInterfaceStrings(t *testing.T) {
	for _, tt := range []struct {
		name string
		raw  []uint16
		want string
	}{
		{"empty", nil, ""},
		{"non-ASCII", utf16.Encode([]rune("Wi-Fi 2 — Büro")), "Wi-Fi 2 — Büro"},
		{"surrogate pair", utf16.Encode([]rune("😀")), "😀"},
		{"unpaired surrogate", []uint16{'a', 0xD800, 'b'}, "a\uFFFDb"},
		{"no NUL: all 257", repeat('x', 257), strings.Repeat("x", 257)},
		{"stops at the NUL", []uint16{'a', 0, 'b'}, "a"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := make([]byte, 1352)
			for i, c := range tt.raw {
				binary.LittleEndian.PutUint16(r[28+2*i:], c)
			}
			tab, err := ipconfig.ParseInterfaces(table(ipconfig.Interfaces, r))
			require.NoError(t, err)
			require.Equal(t, tt.want, tab.Row(0).Alias())
		})
	}
}

func TestAddressMembers(t *testing.T) {
	r := make([]byte, 80)
	put(r, 0, "17 00 00 00 00 00 00 00")                         // si_family AF_INET6, port 0, flowinfo 0
	put(r, 8, "fe 80 00 00 00 00 00 00 1c 2d 3e 4f 5a 6b 7c 8d") // sin6_addr
	put(r, 24, "0c 00 00 00")                                    // sin6_scope_id 12
	put(r, 28, "de ad be ef")                                    // padding: Wine leaves heap contents here
	put(r, 32, "00 00 00 01 00 00 06 00")                        // InterfaceLuid
	put(r, 40, "0c 00 00 00")                                    // InterfaceIndex
	put(r, 44, "04 00 00 00")                                    // PrefixOrigin: RouterAdvertisement
	put(r, 48, "05 00 00 00")                                    // SuffixOrigin: Random
	put(r, 52, "80 51 01 00")                                    // ValidLifetime 86400
	put(r, 56, "10 0e 00 00")                                    // PreferredLifetime 3600
	put(r, 60, "40 01")                                          // OnLinkPrefixLength 64, SkipAsSource
	put(r, 62, "aa bb")                                          // padding
	put(r, 64, "04 00 00 00")                                    // DadState: Preferred
	put(r, 68, "0c 00 00 20")                                    // ScopeId: zone 12, level 2
	put(r, 72, "00 c0 89 76 45 3c da 01")                        // CreationTimeStamp: 2024-01-01T00:00:00Z
	tab, err := ipconfig.ParseAddresses(table(ipconfig.Addresses, r))
	require.NoError(t, err)
	v := tab.Row(0).Address()
	want := ipconfig.Address{
		Address:       ipconfig.SockAddr{Family: ipconfig.AFInet6, Addr: netip.MustParseAddr("fe80::1c2d:3e4f:5a6b:7c8d"), ScopeID: 12},
		InterfaceLUID: 0x0006_0000_0100_0000, InterfaceIndex: 12,
		PrefixOrigin: 4, SuffixOrigin: 5, ValidLifetime: 86400, PreferredLifetime: 3600,
		PrefixLength: 64, SkipAsSource: true, DadState: 4, ScopeID: 0x2000000c, CreationTimestamp: 133485408000000000,
	}
	require.Equal(t, want, v)
	require.Equal(t, "fe80::1c2d:3e4f:5a6b:7c8d%12", v.Address.String())
	require.Equal(t, "fe80::1c2d:3e4f:5a6b:7c8d/64", v.Prefix().String())
	require.Equal(t, "RouterAdvertisement Random Preferred", v.PrefixOrigin.String()+" "+v.SuffixOrigin.String()+" "+v.DadState.String())
	require.Equal(t, "2024-01-01T00:00:00Z", v.Created().Format("2006-01-02T15:04:05Z07:00"))
	require.NoError(t, ipconfig.Addresses.Check(table(ipconfig.Addresses, r)), "padding is not checked")

	// IPv4: the port and the address; sin_zero and the rest of the union
	// are not read.
	put(r, 0, "02 00 01 bb c0 a8 01 14 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff")
	v = mustAddresses(t, table(ipconfig.Addresses, r))[0]
	require.Equal(t, ipconfig.SockAddr{Family: ipconfig.AFInet, Port: 443, Addr: netip.MustParseAddr("192.168.1.20")}, v.Address)
	require.Equal(t, "192.168.1.20:443", v.Address.String())
	require.False(t, v.Prefix().IsValid(), "a prefix length of 64 is too long for IPv4")
}

func mustAddresses(t *testing.T, b []byte) []ipconfig.Address {
	t.Helper()
	tab, err := ipconfig.ParseAddresses(b)
	require.NoError(t, err)
	return tab.AppendAddresses(nil)
}

func TestRouteMembers(t *testing.T) {
	r := make([]byte, 104)
	put(r, 0, "00 00 00 01 00 00 06 00") // InterfaceLuid
	put(r, 8, "04 00 00 00")             // InterfaceIndex
	put(r, 12, "02 00 00 00 00 00 00 00")
	put(r, 40, "00")                                  // DestinationPrefix 0.0.0.0/0
	put(r, 44, "02 00 00 00 c0 a8 01 01")             // NextHop 192.168.1.1
	put(r, 72, "00")                                  // SitePrefixLength
	put(r, 76, "ff ff ff ff ff ff ff ff 19 00 00 00") // ValidLifetime, PreferredLifetime: infinite; Metric 25
	put(r, 88, "03 00 00 00")                         // Protocol: NetMgmt
	put(r, 92, "00 01 00 01")                         // Loopback, AutoconfigureAddress, Publish, Immortal
	put(r, 96, "2c 01 00 00")                         // Age 300
	put(r, 100, "02 00 00 00")                        // Origin: DHCP
	tab, err := ipconfig.ParseRoutes(table(ipconfig.Routes, r))
	require.NoError(t, err)
	v := tab.Row(0).Route()
	want := ipconfig.Route{
		InterfaceLUID: 0x0006_0000_0100_0000, InterfaceIndex: 4,
		Destination:   ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.IPv4Unspecified()},
		NextHop:       ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.MustParseAddr("192.168.1.1")},
		ValidLifetime: ipconfig.Infinite, PreferredLifetime: ipconfig.Infinite, Metric: 25, Protocol: 3,
		AutoconfigureAddress: true, Immortal: true, Age: 300, Origin: 2,
	}
	require.Equal(t, want, v)
	require.Equal(t, "0.0.0.0/0", v.Prefix().String())
	require.Equal(t, "NetMgmt DHCP", v.Protocol.String()+" "+v.Origin.String())
	b, err := ipconfig.AppendRouteTable(nil, []ipconfig.Route{v})
	require.NoError(t, err)
	require.Equal(t, table(ipconfig.Routes, r), b)
}

func TestNeighborMembers(t *testing.T) {
	r := make([]byte, 88)
	put(r, 0, "02 00 00 00 c0 a8 01 01")                          // Address 192.168.1.1
	put(r, 28, "04 00 00 00")                                     // InterfaceIndex
	put(r, 32, "00 00 00 01 00 00 06 00")                         // InterfaceLuid
	put(r, 40, "00 15 5d 0a 1b 2c")                               // PhysicalAddress
	put(r, 72, "06 00 00 00 05 00 00 00 01 00 00 00 e8 03 00 00") // length 6, Reachable, IsRouter, 1000 ms
	tab, err := ipconfig.ParseNeighbors(table(ipconfig.Neighbors, r))
	require.NoError(t, err)
	v := tab.Row(0).Neighbor()
	require.Equal(t, "192.168.1.1", v.Address.String())
	require.Equal(t, uint32(4), v.InterfaceIndex)
	require.Equal(t, ipconfig.LUID(0x0006_0000_0100_0000), v.InterfaceLUID)
	require.Equal(t, "00-15-5D-0A-1B-2C", v.PhysicalAddress.String())
	require.Equal(t, "Reachable", v.State.String())
	require.Equal(t, uint8(ipconfig.NeighborIsRouter), v.Flags)
	require.Equal(t, uint32(1000), v.ReachabilityTime)
	b, err := ipconfig.AppendNeighborTable(nil, []ipconfig.Neighbor{v})
	require.NoError(t, err)
	require.Equal(t, table(ipconfig.Neighbors, r), b)
}

// TestGarbageFamily: a SOCKADDR_INET of another family keeps its family
// and nothing else, Check refuses it, and the encoder cannot write it.
func TestGarbageFamily(t *testing.T) {
	r := make([]byte, 80)
	put(r, 0, "63 00 01 bb c0 a8 01 14") // family 99
	b := table(ipconfig.Addresses, r)
	v := mustAddresses(t, b)[0]
	require.Equal(t, ipconfig.SockAddr{Family: 99}, v.Address)
	require.False(t, v.Address.Valid())
	require.Equal(t, "AF(99)", v.Address.String())
	require.False(t, v.Prefix().IsValid())
	err := ipconfig.Addresses.Check(b)
	var fe *netmib.FormatError
	require.ErrorAs(t, err, &fe)
	require.ErrorIs(t, err, netmib.ErrMismatch)
	require.Equal(t, int64(8), fe.Off)
	require.Contains(t, err.Error(), "Address has family 99, not AF_INET or AF_INET6")
	_, err = ipconfig.AppendAddressTable(nil, []ipconfig.Address{v})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	j, err := json.Marshal(v.Address)
	require.NoError(t, err)
	require.JSONEq(t, `{"family":99,"addr":null,"port":0,"flow_info":0,"scope_id":0}`, string(j))
}

func TestCheck(t *testing.T) {
	addr := func() []byte {
		r := make([]byte, 80)
		put(r, 0, "02 00 00 00 0a 00 00 01") // 10.0.0.1
		return r
	}
	good := addr()
	good[60] = 24
	for _, tt := range []struct {
		name string
		k    ipconfig.Kind
		b    []byte
		why  string
	}{
		{"slack after the rows", ipconfig.Addresses, append(table(ipconfig.Addresses, good), 0), "1 bytes after the last row"},
		{"prefix too long", ipconfig.Addresses, func() []byte { r := addr(); r[60] = 33; return table(ipconfig.Addresses, r) }(), "prefix length 33 is too long for Address"},
		{"BOOLEAN 2", ipconfig.Addresses, func() []byte { r := addr(); r[61] = 2; return table(ipconfig.Addresses, r) }(), "BOOLEAN SkipAsSource is 2"},
		{"MAC length", ipconfig.Interfaces, func() []byte {
			r := make([]byte, 1352)
			put(r, 1056, "21 00 00 00")
			return table(ipconfig.Interfaces, r)
		}(), "PhysicalAddressLength 33 is over 32"},
		{"next hop family", ipconfig.Routes, func() []byte {
			r := make([]byte, 104)
			put(r, 12, "02 00")
			return table(ipconfig.Routes, r)
		}(), "NextHop has family 0, not AF_INET or AF_INET6"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.k.Check(tt.b)
			require.ErrorIs(t, err, netmib.ErrMismatch)
			require.Contains(t, err.Error(), tt.why)
		})
	}
	require.NoError(t, ipconfig.Addresses.Check(table(ipconfig.Addresses, good)))
}

func TestParseErrors(t *testing.T) {
	b := table(ipconfig.Routes, make([]byte, 104))
	binary.LittleEndian.PutUint32(b, 2) // declares a row the buffer does not hold
	_, err := ipconfig.ParseRoutes(b)
	var fe *netmib.FormatError
	require.ErrorAs(t, err, &fe)
	require.ErrorIs(t, err, netmib.ErrTruncated)
	require.Equal(t, "MIB_IPFORWARD_TABLE2", fe.Table)
	require.Equal(t, int64(1), fe.Row)
	require.Equal(t, "netmib: truncated MIB_IPFORWARD_TABLE2: NumEntries 2 needs 216 bytes, buffer has 112 (row 1 at offset 112 is incomplete)", err.Error(),
		"the SDK calls the count NumEntries in these tables")

	binary.LittleEndian.PutUint32(b, 0xFFFFFFFF)
	_, err = ipconfig.ParseRoutes(b)
	require.ErrorIs(t, err, netmib.ErrTruncated, "a count the buffer cannot hold is truncation, not an allocation")

	_, err = ipconfig.ParseInterfaces(b[:3])
	require.ErrorIs(t, err, netmib.ErrTruncated)

	k, err := ipconfig.KindOf("GetIpNetTable2")
	require.NoError(t, err)
	require.Equal(t, ipconfig.Neighbors, k)
	_, err = ipconfig.KindOf("GetIfTable")
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	require.True(t, errors.Is(ipconfig.Kind(9).Check(b), netmib.ErrUnknownLayout))
}

func TestText(t *testing.T) {
	var g ipconfig.GUID
	require.NoError(t, g.UnmarshalText([]byte("{4d36e972-e325-11ce-bfc1-08002be10318}")))
	require.Equal(t, "{4D36E972-E325-11CE-BFC1-08002BE10318}", g.String())
	for _, bad := range []string{"", "4D36E972-E325-11CE-BFC1-08002BE10318", "{4D36E972-E325-11CE-BFC1-08002BE1031G}", "{+D36E972-E325-11CE-BFC1-08002BE10318}"} {
		require.Error(t, g.UnmarshalText([]byte(bad)), bad)
	}

	var h ipconfig.HardwareAddr
	require.NoError(t, h.UnmarshalText([]byte("00:15:5d:0a:1b:2c")))
	require.Equal(t, "00-15-5D-0A-1B-2C", h.String())
	require.Equal(t, []byte{0, 0x15, 0x5d, 0x0a, 0x1b, 0x2c}, h.Bytes())
	for _, bad := range []string{"0-15", "00-15-", "zz-15", "001-5D"} {
		require.Error(t, h.UnmarshalText([]byte(bad)), bad)
	}
	long := ipconfig.HardwareAddr{Len: 40}
	require.False(t, long.Valid())
	require.Contains(t, long.String(), "(length 40)")
	_, err := long.MarshalText()
	require.Error(t, err)

	var s ipconfig.OperStatus
	require.NoError(t, s.UnmarshalText([]byte("lowerlayerdown")))
	require.Equal(t, ipconfig.OperLowerLayerDown, s)
	require.NoError(t, s.UnmarshalText([]byte("OperStatus(42)")))
	require.Equal(t, "OperStatus(42)", s.String())
	require.NoError(t, s.UnmarshalText([]byte("operstatus(43)")), "in any case, as the names")
	require.Equal(t, ipconfig.OperStatus(43), s)
	require.Error(t, s.UnmarshalText([]byte("OperStatus(042)")))
	require.Error(t, s.UnmarshalText([]byte("Sideways")))
}

// TestJSONRoundTrip: every value reads back from its JSON form.
func TestJSONRoundTrip(t *testing.T) {
	var mac ipconfig.HardwareAddr
	require.NoError(t, mac.UnmarshalText([]byte("00-15-5D-0A-1B-2C")))
	i := ipconfig.Interface{LUID: 1 << 48, Index: 7, Alias: "Wi-Fi\n", PhysicalAddress: mac, PermanentPhysicalAddress: mac, OperStatus: 9}
	a := ipconfig.Address{Address: ipconfig.SockAddr{Family: ipconfig.AFInet6, Addr: netip.MustParseAddr("fe80::1"), ScopeID: 7}, PrefixLength: 64}
	r := ipconfig.Route{Destination: ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.IPv4Unspecified()}, NextHop: ipconfig.SockAddr{Family: 7}}
	n := ipconfig.Neighbor{Address: ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.MustParseAddr("10.0.0.1")}, State: 5}
	for _, v := range []any{&i, &a, &r, &n} {
		j, err := json.Marshal(v)
		require.NoError(t, err)
		back := newOf(v)
		require.NoError(t, json.Unmarshal(j, back), string(j))
		require.Equal(t, v, back, string(j))
	}
	var sa ipconfig.SockAddr
	require.Error(t, json.Unmarshal([]byte(`{"family":2,"addr":"::1"}`), &sa), "an IPv6 address in an AF_INET SockAddr")
	require.Error(t, json.Unmarshal([]byte(`{"family":99,"addr":"10.0.0.1"}`), &sa), "an address of a family that is not decoded")
}

func newOf(v any) any {
	switch v.(type) {
	case *ipconfig.Interface:
		return new(ipconfig.Interface)
	case *ipconfig.Address:
		return new(ipconfig.Address)
	case *ipconfig.Route:
		return new(ipconfig.Route)
	}
	return new(ipconfig.Neighbor)
}

func TestEncoderRefuses(t *testing.T) {
	long := strings.Repeat("x", 257)
	_, err := ipconfig.AppendInterfaceTable(nil, []ipconfig.Interface{{Alias: long}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	_, err = ipconfig.AppendInterfaceTable(nil, []ipconfig.Interface{{Description: "a\x00b"}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	_, err = ipconfig.AppendInterfaceTable(nil, []ipconfig.Interface{{PhysicalAddress: ipconfig.HardwareAddr{Len: 6}}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable, "the two addresses share one length")
	zoned := netip.MustParseAddr("fe80::1%eth0")
	dst := []byte("kept")
	out, err := ipconfig.AppendNeighborTable(dst, []ipconfig.Neighbor{{Address: ipconfig.SockAddr{Family: ipconfig.AFInet6, Addr: zoned}}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	require.Equal(t, "kept", string(out))
	_, err = ipconfig.AppendRouteTable(nil, []ipconfig.Route{{Destination: ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.IPv6Loopback()}}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
}

func TestZeroValues(t *testing.T) {
	require.Equal(t, ipconfig.Interface{}, ipconfig.InterfaceRow{}.Interface())
	require.Equal(t, ipconfig.Address{}, ipconfig.AddressRow{}.Address())
	require.Equal(t, ipconfig.Route{}, ipconfig.RouteRow{}.Route())
	require.Equal(t, ipconfig.Neighbor{}, ipconfig.NeighborRow{}.Neighbor())
	var tab ipconfig.InterfaceTable
	require.Equal(t, 0, tab.Len())
	require.Equal(t, ipconfig.InterfaceRow{}, tab.Row(0))
	require.Equal(t, "", ipconfig.InterfaceRow{}.Alias())
}

func TestNoAllocs(t *testing.T) {
	_, err := ipconfig.AppendAddressTable(nil, make([]ipconfig.Address, 100))
	require.Error(t, err, "the zero SockAddr has no family")
	addrs := make([]ipconfig.Address, 100)
	for i := range addrs {
		addrs[i].Address = ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.AddrFrom4([4]byte{10, 0, 0, byte(i)})}
	}
	b, err := ipconfig.AppendAddressTable(nil, addrs)
	require.NoError(t, err)
	n := testing.AllocsPerRun(100, func() {
		tab, _ := ipconfig.ParseAddresses(b)
		for _, r := range tab.All() {
			sinkAddr = r.SockAddr()
			sinkU32 += r.InterfaceIndex()
		}
	})
	require.Zero(t, n)
}

var (
	sinkAddr ipconfig.SockAddr
	sinkU32  uint32
)

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

func repeat(c uint16, n int) []uint16 {
	u := make([]uint16, n)
	for i := range u {
		u[i] = c
	}
	return u
}

func TestIdentify(t *testing.T) {
	for _, k := range ipconfig.Kinds() {
		b, err := encodeAll(k, newSlice(k, 3))
		require.NoError(t, err)
		require.Equal(t, []ipconfig.Kind{k}, ipconfig.Identify(b), "%v", k)
	}
	require.Equal(t, ipconfig.Kinds(), ipconfig.Identify(make([]byte, 8)), "an empty table fits every kind")
	require.Empty(t, ipconfig.Identify([]byte("not a table")))
}

// newSlice returns n valid values of kind k.
func newSlice(k ipconfig.Kind, n int) any {
	a := ipconfig.SockAddr{Family: ipconfig.AFInet, Addr: netip.MustParseAddr("10.0.0.1")}
	switch k {
	case ipconfig.Interfaces:
		return make([]ipconfig.Interface, n)
	case ipconfig.Addresses:
		v := make([]ipconfig.Address, n)
		for i := range v {
			v[i].Address = a
		}
		return v
	case ipconfig.Routes:
		v := make([]ipconfig.Route, n)
		for i := range v {
			v[i].Destination, v[i].NextHop = a, a
		}
		return v
	}
	v := make([]ipconfig.Neighbor, n)
	for i := range v {
		v[i].Address = a
	}
	return v
}
