package ipconfig

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
)

// The enums of the four rows keep every value they are given: a value
// without a name prints as "Type(n)", which the parsers read back. Names
// are the SDK's enumerator names without their prefix (IfOperStatusUp is
// "Up"; ifdef.h, ipifcons.h, nldef.h), as PowerShell's NetAdapter and
// NetTCPIP cmdlets print most of them.

func enumString(names map[uint32]string, typ string, v uint32) string {
	if s, ok := names[v]; ok {
		return s
	}
	return typ + "(" + strconv.FormatUint(uint64(v), 10) + ")"
}

func enumParse(names map[uint32]string, typ, s string) (uint32, error) {
	for v, n := range names {
		if strings.EqualFold(s, n) {
			return v, nil
		}
	}
	if v, ok := text.ParseNumbered(s, typ, 32); ok {
		return uint32(v), nil
	}
	return 0, fmt.Errorf("ipconfig: %s is not a %s", text.Quote(s), typ)
}

// IfType is an interface's IFTYPE, an IANA ifType number (ipifcons.h).
type IfType uint32

// Common interface types.
const (
	IfTypeOther            IfType = 1   // IF_TYPE_OTHER
	IfTypeEthernet         IfType = 6   // IF_TYPE_ETHERNET_CSMACD
	IfTypePPP              IfType = 23  // IF_TYPE_PPP
	IfTypeSoftwareLoopback IfType = 24  // IF_TYPE_SOFTWARE_LOOPBACK
	IfTypeATM              IfType = 37  // IF_TYPE_ATM
	IfTypePropVirtual      IfType = 53  // IF_TYPE_PROP_VIRTUAL
	IfTypeIEEE80211        IfType = 71  // IF_TYPE_IEEE80211: Wi-Fi
	IfTypeTunnel           IfType = 131 // IF_TYPE_TUNNEL
	IfTypeIEEE1394         IfType = 144 // IF_TYPE_IEEE1394
	IfTypeWWANPP           IfType = 243 // IF_TYPE_WWANPP: mobile broadband
	IfTypeWWANPP2          IfType = 244 // IF_TYPE_WWANPP2
)

var ifTypeNames = map[uint32]string{
	1: "Other", 6: "Ethernet", 23: "PPP", 24: "SoftwareLoopback", 37: "ATM", 53: "PropVirtual",
	71: "IEEE80211", 131: "Tunnel", 144: "IEEE1394", 243: "WWANPP", 244: "WWANPP2",
}

// String returns the type's name, such as "Ethernet", or "IfType(n)".
func (t IfType) String() string { return enumString(ifTypeNames, "IfType", uint32(t)) }

// MarshalText returns t.String().
func (t IfType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (t *IfType) UnmarshalText(b []byte) error {
	v, err := enumParse(ifTypeNames, "IfType", string(b))
	*t = IfType(v)
	return err
}

// OperStatus is an interface's IF_OPER_STATUS (ifdef.h).
type OperStatus uint32

// The operational states.
const (
	OperUp             OperStatus = 1
	OperDown           OperStatus = 2
	OperTesting        OperStatus = 3
	OperUnknown        OperStatus = 4
	OperDormant        OperStatus = 5
	OperNotPresent     OperStatus = 6
	OperLowerLayerDown OperStatus = 7
)

var operStatusNames = map[uint32]string{
	1: "Up", 2: "Down", 3: "Testing", 4: "Unknown", 5: "Dormant", 6: "NotPresent", 7: "LowerLayerDown",
}

// String returns the state's name, such as "Up", or "OperStatus(n)".
func (s OperStatus) String() string { return enumString(operStatusNames, "OperStatus", uint32(s)) }

// MarshalText returns s.String().
func (s OperStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (s *OperStatus) UnmarshalText(b []byte) error {
	v, err := enumParse(operStatusNames, "OperStatus", string(b))
	*s = OperStatus(v)
	return err
}

// AdminStatus is an interface's NET_IF_ADMIN_STATUS (ifdef.h).
type AdminStatus uint32

var adminStatusNames = map[uint32]string{1: "Up", 2: "Down", 3: "Testing"}

// String returns "Up", "Down", "Testing" or "AdminStatus(n)".
func (s AdminStatus) String() string { return enumString(adminStatusNames, "AdminStatus", uint32(s)) }

// MarshalText returns s.String().
func (s AdminStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (s *AdminStatus) UnmarshalText(b []byte) error {
	v, err := enumParse(adminStatusNames, "AdminStatus", string(b))
	*s = AdminStatus(v)
	return err
}

// MediaConnectState is an interface's NET_IF_MEDIA_CONNECT_STATE
// (ifdef.h).
type MediaConnectState uint32

var mediaConnectNames = map[uint32]string{0: "Unknown", 1: "Connected", 2: "Disconnected"}

// String returns "Unknown", "Connected", "Disconnected" or
// "MediaConnectState(n)".
func (s MediaConnectState) String() string {
	return enumString(mediaConnectNames, "MediaConnectState", uint32(s))
}

// MarshalText returns s.String().
func (s MediaConnectState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (s *MediaConnectState) UnmarshalText(b []byte) error {
	v, err := enumParse(mediaConnectNames, "MediaConnectState", string(b))
	*s = MediaConnectState(v)
	return err
}

// PrefixOrigin is an address's NL_PREFIX_ORIGIN (nldef.h).
type PrefixOrigin uint32

var prefixOriginNames = map[uint32]string{0: "Other", 1: "Manual", 2: "WellKnown", 3: "Dhcp", 4: "RouterAdvertisement", 16: "Unchanged"}

// String returns the origin's name, such as "Dhcp", or "PrefixOrigin(n)".
func (o PrefixOrigin) String() string {
	return enumString(prefixOriginNames, "PrefixOrigin", uint32(o))
}

// MarshalText returns o.String().
func (o PrefixOrigin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (o *PrefixOrigin) UnmarshalText(b []byte) error {
	v, err := enumParse(prefixOriginNames, "PrefixOrigin", string(b))
	*o = PrefixOrigin(v)
	return err
}

// SuffixOrigin is an address's NL_SUFFIX_ORIGIN (nldef.h). Random is a
// temporary (privacy) IPv6 address.
type SuffixOrigin uint32

var suffixOriginNames = map[uint32]string{0: "Other", 1: "Manual", 2: "WellKnown", 3: "Dhcp", 4: "LinkLayerAddress", 5: "Random", 16: "Unchanged"}

// String returns the origin's name, such as "Random", or "SuffixOrigin(n)".
func (o SuffixOrigin) String() string {
	return enumString(suffixOriginNames, "SuffixOrigin", uint32(o))
}

// MarshalText returns o.String().
func (o SuffixOrigin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (o *SuffixOrigin) UnmarshalText(b []byte) error {
	v, err := enumParse(suffixOriginNames, "SuffixOrigin", string(b))
	*o = SuffixOrigin(v)
	return err
}

// DadState is an address's NL_DAD_STATE, the state of duplicate address
// detection (nldef.h).
type DadState uint32

var dadStateNames = map[uint32]string{0: "Invalid", 1: "Tentative", 2: "Duplicate", 3: "Deprecated", 4: "Preferred"}

// String returns the state's name, such as "Preferred", or "DadState(n)".
func (s DadState) String() string { return enumString(dadStateNames, "DadState", uint32(s)) }

// MarshalText returns s.String().
func (s DadState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (s *DadState) UnmarshalText(b []byte) error {
	v, err := enumParse(dadStateNames, "DadState", string(b))
	*s = DadState(v)
	return err
}

// RouteProtocol is a route's NL_ROUTE_PROTOCOL (nldef.h): how it was
// learnt.
type RouteProtocol uint32

var routeProtocolNames = map[uint32]string{
	1: "Other", 2: "Local", 3: "NetMgmt", 4: "Icmp", 5: "Egp", 6: "Ggp", 7: "Hello", 8: "Rip", 9: "IsIs",
	10: "EsIs", 11: "Cisco", 12: "Bbn", 13: "Ospf", 14: "Bgp",
	10002: "NtAutostatic", 10006: "NtStatic", 10007: "NtStaticNonDod",
}

// String returns the protocol's name, such as "NetMgmt", or
// "RouteProtocol(n)".
func (p RouteProtocol) String() string {
	return enumString(routeProtocolNames, "RouteProtocol", uint32(p))
}

// MarshalText returns p.String().
func (p RouteProtocol) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (p *RouteProtocol) UnmarshalText(b []byte) error {
	v, err := enumParse(routeProtocolNames, "RouteProtocol", string(b))
	*p = RouteProtocol(v)
	return err
}

// RouteOrigin is a route's NL_ROUTE_ORIGIN (nldef.h).
type RouteOrigin uint32

var routeOriginNames = map[uint32]string{0: "Manual", 1: "WellKnown", 2: "DHCP", 3: "RouterAdvertisement", 4: "6to4"}

// String returns the origin's name, such as "Manual", or "RouteOrigin(n)".
func (o RouteOrigin) String() string { return enumString(routeOriginNames, "RouteOrigin", uint32(o)) }

// MarshalText returns o.String().
func (o RouteOrigin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (o *RouteOrigin) UnmarshalText(b []byte) error {
	v, err := enumParse(routeOriginNames, "RouteOrigin", string(b))
	*o = RouteOrigin(v)
	return err
}

// NeighborState is a neighbor's NL_NEIGHBOR_STATE (nldef.h).
type NeighborState uint32

var neighborStateNames = map[uint32]string{0: "Unreachable", 1: "Incomplete", 2: "Probe", 3: "Delay", 4: "Stale", 5: "Reachable", 6: "Permanent"}

// String returns the state's name, such as "Reachable", or
// "NeighborState(n)".
func (s NeighborState) String() string {
	return enumString(neighborStateNames, "NeighborState", uint32(s))
}

// MarshalText returns s.String().
func (s NeighborState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what String writes, in any case.
func (s *NeighborState) UnmarshalText(b []byte) error {
	v, err := enumParse(neighborStateNames, "NeighborState", string(b))
	*s = NeighborState(v)
	return err
}
