// Package addr decodes the address, scope and port members of Windows' IP
// Helper table rows and prints addresses exactly as Windows does.
//
// # Decoding
//
// The rows store each member in its own byte order, which these helpers
// encode once so that callers need not (docs/wire.md §4):
//   - addresses (ucLocalAddr, dwLocalAddr) are raw network-order bytes:
//     [IPv6], [IPv4];
//   - ports (dwLocalPort) are DWORDs whose first two bytes hold the port in
//     network order and whose last two bytes may hold uninitialised data:
//     [Port] reads the first two and ignores the rest;
//   - scope IDs (dwLocalScopeId) are interface indexes in host (little-endian)
//     order, whatever older documentation says: [ScopeID].
//
// Every helper takes a sub-slice that starts at the member, panics like
// [encoding/binary] when the slice is shorter than the member, and neither
// allocates nor keeps the slice.
//
// # Formatting
//
// [Format], [FormatEx] and [AppendFormatEx] print what RtlIpv6AddressToString,
// RtlIpv6AddressToStringEx and their IPv4 counterparts print, which differs
// from [netip.Addr.String] for addresses with an embedded IPv4 address.
package addr

import (
	"encoding/binary"
	"net/netip"
)

// Sizes of the members the helpers read.
const (
	IPv6Len  = 16 // UCHAR ucLocalAddr[16]
	IPv4Len  = 4  // DWORD dwLocalAddr
	DWORDLen = 4  // DWORD dwLocalPort, dwLocalScopeId
)

// IPv6 returns the IPv6 address held in b[0:16], in network byte order as
// ucLocalAddr and ucRemoteAddr store it. IPv4-mapped addresses stay in their
// 16-byte form (see [netip.Addr.Unmap]).
func IPv6(b []byte) netip.Addr {
	return netip.AddrFrom16([IPv6Len]byte(b[:IPv6Len]))
}

// IPv4 returns the IPv4 address held in b[0:4], in network byte order as
// dwLocalAddr and dwRemoteAddr store it.
func IPv4(b []byte) netip.Addr {
	return netip.AddrFrom4([IPv4Len]byte(b[:IPv4Len]))
}

// Port returns the port held in the DWORD at b[0:4]: the first two bytes in
// network byte order. The last two bytes are ignored: the documentation of
// MIB_TCPROW says "the upper 16 bits may contain uninitialized data", and
// .NET reads the port the same way. Port reads only b[0:2] but requires the
// whole DWORD, so that a slice too short for the member is caught.
func Port(b []byte) uint16 {
	_ = b[DWORDLen-1]
	return binary.BigEndian.Uint16(b)
}

// ScopeID returns the scope ID held in the DWORD at b[0:4], read as a
// little-endian interface index. The documentation says "network byte order",
// but every consumer (.NET, System Informer, Tailscale) and
// RtlIpv6AddressToStringEx itself treat it as host order.
func ScopeID(b []byte) uint32 {
	return binary.LittleEndian.Uint32(b)
}

// PutIPv6 writes a as 16 network-order bytes to b[0:16]. An IPv4 address is
// written in its IPv4-mapped form (::ffff:a.b.c.d), and the zero Addr as ::.
func PutIPv6(b []byte, a netip.Addr) {
	a16 := a.As16()
	copy(b[:IPv6Len], a16[:])
}

// PutPort writes port to the DWORD at b[0:4] as [Port] reads it: network
// order in b[0:2], and zeros in b[2:4].
func PutPort(b []byte, port uint16) {
	_ = b[DWORDLen-1]
	binary.BigEndian.PutUint16(b, port)
	b[2], b[3] = 0, 0
}

// PutScopeID writes id to the DWORD at b[0:4] in little-endian order, as
// [ScopeID] reads it.
func PutScopeID(b []byte, id uint32) {
	binary.LittleEndian.PutUint32(b, id)
}
