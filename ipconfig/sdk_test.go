package ipconfig_test

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/netmib/netmib/internal/sdk"
	"github.com/netmib/netmib/ipconfig"
)

// sdkReader reads members of one row at the offsets internal/sdk computes
// from the SDK's declarations, which share nothing with the package's
// constants.
type sdkReader struct {
	t   *testing.T
	row *sdk.CType
	b   []byte
}

func (r sdkReader) field(path string) (off, size int) {
	f, ok := r.row.Field(strings.Split(path, ".")...)
	if !ok {
		r.t.Fatalf("%s has no member %s", r.row.Name, path)
	}
	return f.Off, f.Type.Size
}

// uint reads a scalar member, little-endian.
func (r sdkReader) uint(path string) uint64 {
	off, size := r.field(path)
	var v uint64
	for i := size - 1; i >= 0; i-- {
		v = v<<8 | uint64(r.b[off+i])
	}
	return v
}

func (r sdkReader) bytes(path string) []byte {
	off, size := r.field(path)
	return r.b[off : off+size]
}

func (r sdkReader) wstring(path string) string {
	b := r.bytes(path)
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// hardwareAddr checks a HardwareAddr against the address at path and
// the length at lenPath: the first length bytes, then zeros.
func (r sdkReader) hardwareAddr(path, lenPath string, got ipconfig.HardwareAddr) {
	r.t.Helper()
	n := r.uint(lenPath)
	want := make([]byte, 32)
	copy(want, r.bytes(path)[:min(n, 32)])
	if got.Len != uint32(n) || string(got.Addr[:]) != string(want) {
		r.t.Errorf("%s: %d %x, sdk %d %x", path, got.Len, got.Addr, n, want)
	}
}

// sockAddr checks a SockAddr against the SOCKADDR_INET at path.
func (r sdkReader) sockAddr(path string, got ipconfig.SockAddr) {
	t := r.t
	t.Helper()
	fam := uint16(r.uint(path + ".si_family"))
	if got.Family != fam {
		t.Errorf("%s.si_family: %d, sdk %d", path, got.Family, fam)
	}
	switch fam {
	case ipconfig.AFInet:
		want := netip.AddrFrom4([4]byte(r.bytes(path + ".Ipv4.sin_addr")))
		port := binary.BigEndian.Uint16(r.bytes(path + ".Ipv4.sin_port"))
		if got.Addr != want || got.Port != port || got.ScopeID != 0 || got.FlowInfo != 0 {
			t.Errorf("%s: %+v, sdk %v port %d", path, got, want, port)
		}
	case ipconfig.AFInet6:
		want := netip.AddrFrom16([16]byte(r.bytes(path + ".Ipv6.sin6_addr")))
		port := binary.BigEndian.Uint16(r.bytes(path + ".Ipv6.sin6_port"))
		flow := binary.BigEndian.Uint32(r.bytes(path + ".Ipv6.sin6_flowinfo"))
		scope := uint32(r.uint(path + ".Ipv6.sin6_scope_id.sin6_scope_id"))
		if got.Addr != want || got.Port != port || got.FlowInfo != flow || got.ScopeID != scope {
			t.Errorf("%s: %+v, sdk %v port %d flow %d scope %d", path, got, want, port, flow, scope)
		}
	default:
		if got != (ipconfig.SockAddr{Family: fam}) {
			t.Errorf("%s of family %d decoded as %+v", path, fam, got)
		}
	}
}

// randomRows returns a table of n random rows of k, whose SOCKADDR_INET
// members hold AF_INET, AF_INET6 or another family at random.
func randomRows(rng *rand.Rand, k ipconfig.Kind, row *sdk.CType, n int) []byte {
	b := make([]byte, k.HeaderSize()+n*k.RowSize())
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	binary.LittleEndian.PutUint32(b, uint32(n))
	for i := range n {
		r := b[k.HeaderSize()+i*k.RowSize():]
		if f, ok := row.Field("PhysicalAddressLength"); ok { // a length of 0 to 40: short, full and too long
			binary.LittleEndian.PutUint32(r[f.Off:], uint32(rng.IntN(41)))
		}
		for _, path := range []string{"Address", "DestinationPrefix.Prefix", "NextHop"} {
			if f, ok := row.Field(strings.Split(path, ".")...); ok {
				fam := []uint16{ipconfig.AFInet, ipconfig.AFInet6, uint16(rng.Uint32())}[rng.IntN(3)]
				binary.LittleEndian.PutUint16(r[f.Off:], fam)
			}
		}
	}
	return b
}

// TestMembersMatchSDK decodes every member of random rows of each table
// both with the package and at the offsets internal/sdk computes, and
// compares them.
func TestMembersMatchSDK(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 64
	rowType := map[ipconfig.Kind]*sdk.CType{}
	for i, k := range ipconfig.Kinds() {
		rowType[k] = sdk.Net[i].Row
		if sdk.Net[i].Table != k.String() || sdk.Net[i].Function != k.Function() {
			t.Fatalf("sdk.Net[%d] is %s, want %v", i, sdk.Net[i].Table, k)
		}
		if k.RowSize() != sdk.Net[i].Row.Size || k.HeaderSize() != sdk.Net[i].HeaderSize() {
			t.Errorf("%v: header %d row %d, sdk %d and %d", k, k.HeaderSize(), k.RowSize(), sdk.Net[i].HeaderSize(), sdk.Net[i].Row.Size)
		}
	}

	b := randomRows(rng, ipconfig.Interfaces, rowType[ipconfig.Interfaces], n)
	ifs, err := ipconfig.ParseInterfaces(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range ifs.All() {
		r := sdkReader{t, rowType[ipconfig.Interfaces], b[8+i*1352:]}
		v := row.Interface()
		scalars := map[string]uint64{
			"InterfaceLuid": uint64(v.LUID), "InterfaceIndex": uint64(v.Index), "PhysicalAddressLength": uint64(v.PhysicalAddress.Len),
			"Mtu": uint64(v.MTU), "Type": uint64(v.Type), "TunnelType": uint64(v.TunnelType), "MediaType": uint64(v.MediaType),
			"PhysicalMediumType": uint64(v.PhysicalMediumType), "AccessType": uint64(v.AccessType), "DirectionType": uint64(v.DirectionType),
			"InterfaceAndOperStatusFlags": uint64(v.Flags), "OperStatus": uint64(v.OperStatus), "AdminStatus": uint64(v.AdminStatus),
			"MediaConnectState": uint64(v.MediaConnectState), "ConnectionType": uint64(v.ConnectionType),
			"TransmitLinkSpeed": v.TransmitLinkSpeed, "ReceiveLinkSpeed": v.ReceiveLinkSpeed,
			"InOctets": v.Counters.InOctets, "InUcastPkts": v.Counters.InUcastPkts, "InNUcastPkts": v.Counters.InNUcastPkts,
			"InDiscards": v.Counters.InDiscards, "InErrors": v.Counters.InErrors, "InUnknownProtos": v.Counters.InUnknownProtos,
			"InUcastOctets": v.Counters.InUcastOctets, "InMulticastOctets": v.Counters.InMulticastOctets,
			"InBroadcastOctets": v.Counters.InBroadcastOctets, "OutOctets": v.Counters.OutOctets, "OutUcastPkts": v.Counters.OutUcastPkts,
			"OutNUcastPkts": v.Counters.OutNUcastPkts, "OutDiscards": v.Counters.OutDiscards, "OutErrors": v.Counters.OutErrors,
			"OutUcastOctets": v.Counters.OutUcastOctets, "OutMulticastOctets": v.Counters.OutMulticastOctets,
			"OutBroadcastOctets": v.Counters.OutBroadcastOctets, "OutQLen": v.Counters.OutQLen,
		}
		for path, got := range scalars {
			if want := r.uint(path); got != want {
				t.Errorf("MIB_IF_ROW2.%s: %d, sdk %d", path, got, want)
			}
		}
		arrays := map[string][]byte{"InterfaceGuid": v.GUID[:], "NetworkGuid": v.NetworkGUID[:]}
		for path, got := range arrays {
			if want := r.bytes(path); string(got) != string(want) {
				t.Errorf("MIB_IF_ROW2.%s: %x, sdk %x", path, got, want)
			}
		}
		r.hardwareAddr("PhysicalAddress", "PhysicalAddressLength", v.PhysicalAddress)
		r.hardwareAddr("PermanentPhysicalAddress", "PhysicalAddressLength", v.PermanentPhysicalAddress)
		if v.Alias != r.wstring("Alias") || v.Description != r.wstring("Description") {
			t.Errorf("MIB_IF_ROW2 strings %q %q, sdk %q %q", v.Alias, v.Description, r.wstring("Alias"), r.wstring("Description"))
		}
		if row.Alias() != v.Alias || row.Index() != v.Index || row.LUID() != v.LUID || row.PhysicalAddress() != v.PhysicalAddress {
			t.Errorf("MIB_IF_ROW2 accessors disagree with the value")
		}
	}

	b = randomRows(rng, ipconfig.Addresses, rowType[ipconfig.Addresses], n)
	addrs, err := ipconfig.ParseAddresses(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range addrs.All() {
		r := sdkReader{t, rowType[ipconfig.Addresses], b[8+i*80:]}
		v := row.Address()
		r.sockAddr("Address", v.Address)
		scalars := map[string]uint64{
			"InterfaceLuid": uint64(v.InterfaceLUID), "InterfaceIndex": uint64(v.InterfaceIndex),
			"PrefixOrigin": uint64(v.PrefixOrigin), "SuffixOrigin": uint64(v.SuffixOrigin),
			"ValidLifetime": uint64(v.ValidLifetime), "PreferredLifetime": uint64(v.PreferredLifetime),
			"OnLinkPrefixLength": uint64(v.PrefixLength), "DadState": uint64(v.DadState),
			"ScopeId": uint64(v.ScopeID), "CreationTimeStamp": uint64(v.CreationTimestamp),
		}
		for path, got := range scalars {
			if want := r.uint(path); got != want {
				t.Errorf("MIB_UNICASTIPADDRESS_ROW.%s: %d, sdk %d", path, got, want)
			}
		}
		if v.SkipAsSource != (r.uint("SkipAsSource") != 0) {
			t.Errorf("SkipAsSource %v, sdk %d", v.SkipAsSource, r.uint("SkipAsSource"))
		}
		if row.SockAddr() != v.Address || row.PrefixLength() != v.PrefixLength || row.DadState() != v.DadState {
			t.Errorf("MIB_UNICASTIPADDRESS_ROW accessors disagree with the value")
		}
	}

	b = randomRows(rng, ipconfig.Routes, rowType[ipconfig.Routes], n)
	routes, err := ipconfig.ParseRoutes(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range routes.All() {
		r := sdkReader{t, rowType[ipconfig.Routes], b[8+i*104:]}
		v := row.Route()
		r.sockAddr("DestinationPrefix.Prefix", v.Destination)
		r.sockAddr("NextHop", v.NextHop)
		scalars := map[string]uint64{
			"InterfaceLuid": uint64(v.InterfaceLUID), "InterfaceIndex": uint64(v.InterfaceIndex),
			"DestinationPrefix.PrefixLength": uint64(v.PrefixLength), "SitePrefixLength": uint64(v.SitePrefixLength),
			"ValidLifetime": uint64(v.ValidLifetime), "PreferredLifetime": uint64(v.PreferredLifetime),
			"Metric": uint64(v.Metric), "Protocol": uint64(v.Protocol), "Age": uint64(v.Age), "Origin": uint64(v.Origin),
		}
		for path, got := range scalars {
			if want := r.uint(path); got != want {
				t.Errorf("MIB_IPFORWARD_ROW2.%s: %d, sdk %d", path, got, want)
			}
		}
		for path, got := range map[string]bool{"Loopback": v.Loopback, "AutoconfigureAddress": v.AutoconfigureAddress, "Publish": v.Publish, "Immortal": v.Immortal} {
			if got != (r.uint(path) != 0) {
				t.Errorf("MIB_IPFORWARD_ROW2.%s: %v, sdk %d", path, got, r.uint(path))
			}
		}
		if row.Destination() != v.Destination || row.NextHop() != v.NextHop || row.Metric() != v.Metric || row.InterfaceIndex() != v.InterfaceIndex {
			t.Errorf("MIB_IPFORWARD_ROW2 accessors disagree with the value")
		}
	}

	b = randomRows(rng, ipconfig.Neighbors, rowType[ipconfig.Neighbors], n)
	ns, err := ipconfig.ParseNeighbors(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range ns.All() {
		r := sdkReader{t, rowType[ipconfig.Neighbors], b[8+i*88:]}
		v := row.Neighbor()
		r.sockAddr("Address", v.Address)
		scalars := map[string]uint64{
			"InterfaceIndex": uint64(v.InterfaceIndex), "InterfaceLuid": uint64(v.InterfaceLUID),
			"PhysicalAddressLength": uint64(v.PhysicalAddress.Len), "State": uint64(v.State),
			"Flags": uint64(v.Flags), "ReachabilityTime": uint64(v.ReachabilityTime),
		}
		for path, got := range scalars {
			if want := r.uint(path); got != want {
				t.Errorf("MIB_IPNET_ROW2.%s: %d, sdk %d", path, got, want)
			}
		}
		r.hardwareAddr("PhysicalAddress", "PhysicalAddressLength", v.PhysicalAddress)
		if row.SockAddr() != v.Address || row.State() != v.State || row.PhysicalAddress() != v.PhysicalAddress {
			t.Errorf("MIB_IPNET_ROW2 accessors disagree with the value")
		}
	}
}
