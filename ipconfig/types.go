package ipconfig

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/internal/text"
)

// A LUID is a NET_LUID: the locally unique identifier of an interface, a
// ULONG64 whose bits 24-47 are NetLuidIndex and bits 48-63 IfType
// (ifdef.h); bits 0-23 are reserved.
type LUID uint64

// IfType returns the interface type held in bits 48-63.
func (l LUID) IfType() IfType { return IfType(l >> 48) }

// NetLuidIndex returns bits 24-47: the index that tells apart the
// interfaces of one type.
func (l LUID) NetLuidIndex() uint32 { return uint32(l>>24) & 0xFFFFFF }

// A GUID is a GUID member in its 16 stored bytes: Data1 (a little-endian
// ULONG), Data2 and Data3 (little-endian USHORTs) and Data4 (8 bytes).
type GUID [16]byte

// String returns the GUID as Windows prints it (StringFromGUID2):
// "{4D36E972-E325-11CE-BFC1-08002BE10318}".
func (g GUID) String() string {
	b := make([]byte, 0, 38)
	b = append(b, '{')
	b = appendHex(b, uint64(binary.LittleEndian.Uint32(g[0:])), 8)
	b = append(b, '-')
	b = appendHex(b, uint64(binary.LittleEndian.Uint16(g[4:])), 4)
	b = append(b, '-')
	b = appendHex(b, uint64(binary.LittleEndian.Uint16(g[6:])), 4)
	b = append(b, '-')
	b = appendHex(b, uint64(binary.BigEndian.Uint16(g[8:])), 4)
	b = append(b, '-')
	b = appendHex(b, binary.BigEndian.Uint64(g[8:])&0xFFFFFFFFFFFF, 12)
	return string(append(b, '}'))
}

func appendHex(b []byte, v uint64, digits int) []byte {
	const hex = "0123456789ABCDEF"
	for i := digits - 1; i >= 0; i-- {
		b = append(b, hex[(v>>(4*i))&0xF])
	}
	return b
}

// MarshalText returns g.String().
func (g GUID) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText reads what String writes, in either case.
func (g *GUID) UnmarshalText(t []byte) error {
	s := string(t)
	if len(s) != 38 || s[0] != '{' || s[37] != '}' || s[9] != '-' || s[14] != '-' || s[19] != '-' || s[24] != '-' {
		return fmt.Errorf("ipconfig: GUID %s is not {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", text.Quote(s))
	}
	parse := func(s string) (uint64, error) { return strconv.ParseUint(s, 16, 64) }
	d1, e1 := parse(s[1:9])
	d2, e2 := parse(s[10:14])
	d3, e3 := parse(s[15:19])
	d4, e4 := parse(s[20:24])
	d5, e5 := parse(s[25:37])
	if err := errors.Join(e1, e2, e3, e4, e5); err != nil {
		return fmt.Errorf("ipconfig: GUID %s is not {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", text.Quote(s))
	}
	binary.LittleEndian.PutUint32(g[0:], uint32(d1))
	binary.LittleEndian.PutUint16(g[4:], uint16(d2))
	binary.LittleEndian.PutUint16(g[6:], uint16(d3))
	binary.BigEndian.PutUint16(g[8:], uint16(d4))
	binary.BigEndian.PutUint16(g[10:], uint16(d5>>32))
	binary.BigEndian.PutUint32(g[12:], uint32(d5))
	return nil
}

// MaxHardwareAddrLen is IF_MAX_PHYS_ADDRESS_LENGTH, the size of the
// PhysicalAddress members (ifdef.h).
const MaxHardwareAddrLen = 32

// A HardwareAddr is a link-layer address member: the ULONG
// PhysicalAddressLength and the first that many bytes of the UCHAR[32]
// PhysicalAddress; the decoders leave the rest of Addr zero, whatever the
// producer left there. A length over 32 is kept as it is, and reported by
// Valid.
type HardwareAddr struct {
	Len  uint32                   // PhysicalAddressLength
	Addr [MaxHardwareAddrLen]byte // PhysicalAddress: its first Len bytes, then zeros
}

// Valid reports whether Len is at most 32.
func (h HardwareAddr) Valid() bool { return h.Len <= MaxHardwareAddrLen }

// Bytes returns a copy of the first Len bytes (at most 32).
func (h HardwareAddr) Bytes() []byte {
	return append([]byte(nil), h.Addr[:min(h.Len, MaxHardwareAddrLen)]...)
}

// String returns the address as Windows prints a MAC address (ipconfig
// /all, Get-NetAdapter): upper-case hex bytes joined by hyphens, such as
// "00-15-5D-0A-1B-2C"; "" when Len is 0. A Len over 32 prints the 32
// bytes and "(length n)".
func (h HardwareAddr) String() string {
	n := min(h.Len, MaxHardwareAddrLen)
	b := make([]byte, 0, 3*n+16)
	for i := range n {
		if i > 0 {
			b = append(b, '-')
		}
		b = appendHex(b, uint64(h.Addr[i]), 2)
	}
	if !h.Valid() {
		b = fmt.Appendf(b, " (length %d)", h.Len)
	}
	return string(b)
}

// MarshalText returns h.String(), which loses the bytes past Len; for a
// length over 32 it is an error.
func (h HardwareAddr) MarshalText() ([]byte, error) {
	if !h.Valid() {
		return nil, fmt.Errorf("ipconfig: hardware address length %d is over %d", h.Len, MaxHardwareAddrLen)
	}
	return []byte(h.String()), nil
}

// UnmarshalText reads what String writes: hex bytes joined by hyphens or
// colons, in either case, or "" for no address.
func (h *HardwareAddr) UnmarshalText(t []byte) error {
	*h = HardwareAddr{}
	if len(t) == 0 {
		return nil
	}
	parts := strings.FieldsFunc(string(t), func(r rune) bool { return r == '-' || r == ':' })
	if len(parts) > MaxHardwareAddrLen || len(t) != 3*len(parts)-1 {
		return fmt.Errorf("ipconfig: hardware address %s is not hex bytes joined by hyphens", text.Quote(string(t)))
	}
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 16, 8)
		if err != nil || len(p) != 2 {
			return fmt.Errorf("ipconfig: hardware address %s is not hex bytes joined by hyphens", text.Quote(string(t)))
		}
		h.Addr[i] = byte(v)
	}
	h.Len = uint32(len(parts))
	return nil
}

// Address families of a SOCKADDR_INET (ws2def.h).
const (
	AFUnspec = 0  // AF_UNSPEC
	AFInet   = 2  // AF_INET
	AFInet6  = 23 // AF_INET6
)

// sockaddrSize is the size of a SOCKADDR_INET: the larger of SOCKADDR_IN
// (16 bytes) and SOCKADDR_IN6 (28), aligned to 4.
const sockaddrSize = 28

// A SockAddr is a SOCKADDR_INET member, decoded by its si_family: the
// address of an AF_INET one, or the address, flow information and scope of
// an AF_INET6 one. A SockAddr of any other family keeps only Family:
// nothing is guessed from its bytes, and Valid reports it.
//
//	offset  SOCKADDR_IN          SOCKADDR_IN6
//	0       sin_family (USHORT)  sin6_family (USHORT), little-endian
//	2       sin_port             sin6_port, network order
//	4       sin_addr[4]          sin6_flowinfo, network order
//	8       sin_zero[8]          sin6_addr[16]
//	24                           sin6_scope_id, little-endian
type SockAddr struct {
	Family   uint16     // si_family: AFInet, AFInet6, or a value that is not decoded
	Port     uint16     // sin_port or sin6_port
	Addr     netip.Addr // the address, without a zone; the zero Addr for other families
	FlowInfo uint32     // sin6_flowinfo
	ScopeID  uint32     // sin6_scope_id: the interface index of a link-local address
}

// Valid reports whether the family is AF_INET or AF_INET6, the two a
// SOCKADDR_INET holds.
func (a SockAddr) Valid() bool { return a.Family == AFInet || a.Family == AFInet6 }

// String returns the address as Windows prints it
// (RtlIpv6AddressToStringEx and its IPv4 counterpart): "192.168.1.20",
// "fe80::1%12", and with a port "[fe80::1%12]:445"; "AF(n)" for a family
// that is not decoded.
func (a SockAddr) String() string {
	if !a.Valid() {
		return "AF(" + strconv.Itoa(int(a.Family)) + ")"
	}
	return addr.FormatEx(a.Addr, a.ScopeID, a.Port)
}

func decodeSockAddr(b []byte) SockAddr {
	if len(b) < sockaddrSize {
		return SockAddr{}
	}
	b = b[:sockaddrSize]
	a := SockAddr{Family: binary.LittleEndian.Uint16(b[0:]), Port: binary.BigEndian.Uint16(b[2:])}
	switch a.Family {
	case AFInet:
		a.Addr = netip.AddrFrom4([4]byte(b[4:8]))
	case AFInet6:
		a.FlowInfo = binary.BigEndian.Uint32(b[4:])
		a.Addr = netip.AddrFrom16([16]byte(b[8:24]))
		a.ScopeID = binary.LittleEndian.Uint32(b[24:])
	default:
		a.Port = 0
	}
	return a
}

// put writes a into the 28 bytes of b, which are zero.
func (a SockAddr) put(b []byte, member string) error {
	switch {
	case a.Family == AFInet && a.Addr.Is4() && a.FlowInfo == 0 && a.ScopeID == 0:
		binary.LittleEndian.PutUint16(b[0:], a.Family)
		binary.BigEndian.PutUint16(b[2:], a.Port)
		a4 := a.Addr.As4()
		copy(b[4:8], a4[:])
	case a.Family == AFInet6 && a.Addr.Is6() && a.Addr.Zone() == "":
		binary.LittleEndian.PutUint16(b[0:], a.Family)
		binary.BigEndian.PutUint16(b[2:], a.Port)
		binary.BigEndian.PutUint32(b[4:], a.FlowInfo)
		a16 := a.Addr.As16()
		copy(b[8:24], a16[:])
		binary.LittleEndian.PutUint32(b[24:], a.ScopeID)
	default:
		return unrepresentable(member, fmt.Sprintf("family %d with address %v", a.Family, a.Addr))
	}
	return nil
}

// sockAddrJSON is the JSON form of a SockAddr.
type sockAddrJSON struct {
	Family   uint16      `json:"family"`
	Addr     *netip.Addr `json:"addr"`
	Port     uint16      `json:"port"`
	FlowInfo uint32      `json:"flow_info"`
	ScopeID  uint32      `json:"scope_id"`
}

// MarshalJSON writes the members: family (the number), addr (the
// address, or null for a family that is not decoded), port, flow_info and
// scope_id.
func (a SockAddr) MarshalJSON() ([]byte, error) {
	j := sockAddrJSON{Family: a.Family, Port: a.Port, FlowInfo: a.FlowInfo, ScopeID: a.ScopeID}
	if a.Valid() {
		j.Addr = &a.Addr
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *SockAddr) UnmarshalJSON(b []byte) error {
	var j sockAddrJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*a = SockAddr{Family: j.Family, Port: j.Port, FlowInfo: j.FlowInfo, ScopeID: j.ScopeID}
	if j.Addr != nil {
		a.Addr = *j.Addr
	}
	want := a.Family == AFInet && a.Addr.Is4() || a.Family == AFInet6 && a.Addr.Is6() && a.Addr.Zone() == "" || !a.Valid() && j.Addr == nil
	if !want {
		return fmt.Errorf("ipconfig: address %v does not fit family %d", a.Addr, a.Family)
	}
	return nil
}

// prefix returns a's address with a prefix length of bits, such as
// 192.168.1.20/24, or the zero Prefix when a is not valid or bits is too
// long for its family.
func (a SockAddr) prefix(bits uint8) netip.Prefix {
	if !a.Valid() {
		return netip.Prefix{}
	}
	return netip.PrefixFrom(a.Addr, int(bits)) // invalid when bits is too long
}
