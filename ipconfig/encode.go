package ipconfig

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"

	"github.com/netmib/netmib"
)

// The encoders write tables that the parsers read back to the same
// values: for tests and fixtures. Padding and the unused bytes of a
// SOCKADDR_INET are written as zeros, and all 32 bytes of a
// PhysicalAddress as the value holds them; a value a table cannot hold is
// an error wrapping netmib.ErrUnrepresentable, with dst returned
// unchanged: a SockAddr of a family that is not decoded, an IPv6 address
// with a zone, a prefix length too long for its address, a hardware
// address longer than 32 bytes, a string that does not fit its member, or
// more than netmib.MaxRows rows. What they write passes Kind.Check.

func unrepresentable(member, why string) error {
	return fmt.Errorf("%w: %s: %s", netmib.ErrUnrepresentable, member, why)
}

func putBool(b []byte, v bool) {
	if v {
		b[0] = 1
	}
}

// putWString writes s as UTF-16 with a NUL into the WCHAR[257] at b.
func putWString(b []byte, s, member string) error {
	u := utf16.Encode([]rune(s))
	if len(u) >= ifStringChars {
		return unrepresentable(member, fmt.Sprintf("%d UTF-16 code units, more than %d", len(u), ifStringChars-1))
	}
	for i, c := range u {
		if c == 0 {
			return unrepresentable(member, "a NUL character")
		}
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return nil
}

func putHardwareAddr(b []byte, h HardwareAddr) { copy(b, h.Addr[:]) }

// AppendInterfaceTable appends a MIB_IF_TABLE2 of the interfaces to dst.
// An interface whose two physical addresses differ in length, or whose
// Alias or Description does not fit 256 UTF-16 code units, cannot be
// written.
func AppendInterfaceTable(dst []byte, ifs []Interface) ([]byte, error) {
	out, rows, err := layouts[Interfaces].AppendTable(dst, len(ifs))
	if err != nil {
		return dst, err
	}
	for i := range ifs {
		v, r := &ifs[i], rows[i*ifRowSize:(i+1)*ifRowSize]
		if v.PhysicalAddress.Len != v.PermanentPhysicalAddress.Len || !v.PhysicalAddress.Valid() {
			return dst, unrepresentable("PhysicalAddressLength", fmt.Sprintf("lengths %d and %d", v.PhysicalAddress.Len, v.PermanentPhysicalAddress.Len))
		}
		if err := putWString(r[ifAlias:], v.Alias, "Alias"); err != nil {
			return dst, err
		}
		if err := putWString(r[ifDescription:], v.Description, "Description"); err != nil {
			return dst, err
		}
		le := binary.LittleEndian
		le.PutUint64(r[ifLUID:], uint64(v.LUID))
		le.PutUint32(r[ifIndex:], v.Index)
		copy(r[ifGUID:], v.GUID[:])
		le.PutUint32(r[ifPhysicalAddressLength:], v.PhysicalAddress.Len)
		putHardwareAddr(r[ifPhysicalAddress:], v.PhysicalAddress)
		putHardwareAddr(r[ifPermanentPhysicalAddress:], v.PermanentPhysicalAddress)
		le.PutUint32(r[ifMTU:], v.MTU)
		le.PutUint32(r[ifType:], uint32(v.Type))
		le.PutUint32(r[ifTunnelType:], v.TunnelType)
		le.PutUint32(r[ifMediaType:], v.MediaType)
		le.PutUint32(r[ifPhysicalMediumType:], v.PhysicalMediumType)
		le.PutUint32(r[ifAccessType:], v.AccessType)
		le.PutUint32(r[ifDirectionType:], v.DirectionType)
		r[ifFlags] = v.Flags
		le.PutUint32(r[ifOperStatus:], uint32(v.OperStatus))
		le.PutUint32(r[ifAdminStatus:], uint32(v.AdminStatus))
		le.PutUint32(r[ifMediaConnectState:], uint32(v.MediaConnectState))
		copy(r[ifNetworkGUID:], v.NetworkGUID[:])
		le.PutUint32(r[ifConnectionType:], v.ConnectionType)
		le.PutUint64(r[ifTransmitLinkSpeed:], v.TransmitLinkSpeed)
		le.PutUint64(r[ifReceiveLinkSpeed:], v.ReceiveLinkSpeed)
		c := v.Counters
		for j, p := range c.all() {
			le.PutUint64(r[ifCounters+8*j:], *p)
		}
	}
	return out, nil
}

// AppendAddressTable appends a MIB_UNICASTIPADDRESS_TABLE of the addresses
// to dst.
func AppendAddressTable(dst []byte, addrs []Address) ([]byte, error) {
	out, rows, err := layouts[Addresses].AppendTable(dst, len(addrs))
	if err != nil {
		return dst, err
	}
	le := binary.LittleEndian
	for i := range addrs {
		v, r := &addrs[i], rows[i*addrRowSize:(i+1)*addrRowSize]
		if err := v.Address.put(r[addrAddress:], "Address"); err != nil {
			return dst, err
		}
		if int(v.PrefixLength) > v.Address.Addr.BitLen() {
			return dst, unrepresentable("OnLinkPrefixLength", fmt.Sprintf("%d is too long for %v", v.PrefixLength, v.Address.Addr))
		}
		le.PutUint64(r[addrLUID:], uint64(v.InterfaceLUID))
		le.PutUint32(r[addrIndex:], v.InterfaceIndex)
		le.PutUint32(r[addrPrefixOrigin:], uint32(v.PrefixOrigin))
		le.PutUint32(r[addrSuffixOrigin:], uint32(v.SuffixOrigin))
		le.PutUint32(r[addrValidLifetime:], v.ValidLifetime)
		le.PutUint32(r[addrPreferredLifetime:], v.PreferredLifetime)
		r[addrPrefixLength] = v.PrefixLength
		putBool(r[addrSkipAsSource:], v.SkipAsSource)
		le.PutUint32(r[addrDadState:], uint32(v.DadState))
		le.PutUint32(r[addrScopeID:], v.ScopeID)
		le.PutUint64(r[addrCreationTimestamp:], uint64(v.CreationTimestamp))
	}
	return out, nil
}

// AppendRouteTable appends a MIB_IPFORWARD_TABLE2 of the routes to dst.
func AppendRouteTable(dst []byte, routes []Route) ([]byte, error) {
	out, rows, err := layouts[Routes].AppendTable(dst, len(routes))
	if err != nil {
		return dst, err
	}
	le := binary.LittleEndian
	for i := range routes {
		v, r := &routes[i], rows[i*routeRowSize:(i+1)*routeRowSize]
		if err := v.Destination.put(r[routeDestination:], "DestinationPrefix"); err != nil {
			return dst, err
		}
		if err := v.NextHop.put(r[routeNextHop:], "NextHop"); err != nil {
			return dst, err
		}
		if int(v.PrefixLength) > v.Destination.Addr.BitLen() {
			return dst, unrepresentable("DestinationPrefix.PrefixLength", fmt.Sprintf("%d is too long for %v", v.PrefixLength, v.Destination.Addr))
		}
		le.PutUint64(r[routeLUID:], uint64(v.InterfaceLUID))
		le.PutUint32(r[routeIndex:], v.InterfaceIndex)
		r[routePrefixLength] = v.PrefixLength
		r[routeSitePrefixLength] = v.SitePrefixLength
		le.PutUint32(r[routeValidLifetime:], v.ValidLifetime)
		le.PutUint32(r[routePreferredLifetime:], v.PreferredLifetime)
		le.PutUint32(r[routeMetric:], v.Metric)
		le.PutUint32(r[routeProtocol:], uint32(v.Protocol))
		putBool(r[routeLoopback:], v.Loopback)
		putBool(r[routeAutoconfigureAddress:], v.AutoconfigureAddress)
		putBool(r[routePublish:], v.Publish)
		putBool(r[routeImmortal:], v.Immortal)
		le.PutUint32(r[routeAge:], v.Age)
		le.PutUint32(r[routeOrigin:], uint32(v.Origin))
	}
	return out, nil
}

// AppendNeighborTable appends a MIB_IPNET_TABLE2 of the neighbors to dst.
func AppendNeighborTable(dst []byte, ns []Neighbor) ([]byte, error) {
	out, rows, err := layouts[Neighbors].AppendTable(dst, len(ns))
	if err != nil {
		return dst, err
	}
	le := binary.LittleEndian
	for i := range ns {
		v, r := &ns[i], rows[i*neighborRowSize:(i+1)*neighborRowSize]
		if err := v.Address.put(r[neighborAddress:], "Address"); err != nil {
			return dst, err
		}
		if !v.PhysicalAddress.Valid() {
			return dst, unrepresentable("PhysicalAddressLength", fmt.Sprintf("length %d", v.PhysicalAddress.Len))
		}
		le.PutUint32(r[neighborIndex:], v.InterfaceIndex)
		le.PutUint64(r[neighborLUID:], uint64(v.InterfaceLUID))
		putHardwareAddr(r[neighborPhysicalAddress:], v.PhysicalAddress)
		le.PutUint32(r[neighborPhysicalLen:], v.PhysicalAddress.Len)
		le.PutUint32(r[neighborState:], uint32(v.State))
		r[neighborFlags] = v.Flags
		le.PutUint32(r[neighborReachabilityTime:], v.ReachabilityTime)
	}
	return out, nil
}
