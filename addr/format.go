package addr

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// MaxFormatLen is the length of the longest text [AppendFormatEx] appends,
// "[ffff:ffff:ffff:ffff:200:5efe:255.255.255.255%4294967295]:65535": only an
// ISATAP address has both a non-zero prefix and a dotted quad. It is within
// INET6_ADDRSTRLEN (65, with the terminating NUL), the buffer size Windows
// asks for. A buffer with this much spare capacity never grows.
const MaxFormatLen = 63

// Format returns a as Windows prints it: an IPv6 address as
// RtlIpv6AddressToString does, an IPv4 address as RtlIpv4AddressToString
// does (dotted decimal), and the zero Addr as the empty string.
//
// The IPv6 rules (Wine dlls/ntdll/rtl.c and the Windows test vectors in
// Wine's ntdll tests):
//  1. groups are lowercase hex without leading zeros;
//  2. "::" replaces the longest run of two or more zero groups, the leftmost
//     on a tie; a single zero group is never compressed;
//  3. the last 32 bits are printed as a dotted quad when group 5 is 5efe and
//     group 4 is 0 or 200 (ISATAP), or when the first 64 bits are zero, groups
//     4 and 5 are (0, 0), (0, ffff) or (ffff, 0), and group 6 is not zero; the
//     "::" of rule 2 then looks only at groups 0 to 5.
//
// So Format prints "::ffff:0:4403" and "::13.1.68.3" where [netip.Addr.String]
// prints "::ffff:0.0.68.3" and "::d01:4403". Any zone in a is ignored.
func Format(a netip.Addr) string {
	var buf [MaxFormatLen]byte
	return string(AppendFormatEx(buf[:0], a, 0, 0))
}

// FormatEx returns a with its scope ID and port as Windows prints them:
// RtlIpv6AddressToStringEx for an IPv6 address, RtlIpv4AddressToStringEx for
// an IPv4 one. port is in host byte order (the value a Row's port accessors
// return), not in the network order the Windows function takes.
//
// For IPv6, the address as [Format] prints it, then "%" and the scope ID in
// decimal when scopeID is not zero; when port is not zero, the whole is put
// in brackets and followed by ":" and the port in decimal:
// "[fe80::1%4]:445". IPv4 has no scope: scopeID is ignored and a non-zero
// port gives "192.0.2.1:445". The zero Addr gives the empty string.
func FormatEx(a netip.Addr, scopeID uint32, port uint16) string {
	var buf [MaxFormatLen]byte
	return string(AppendFormatEx(buf[:0], a, scopeID, port))
}

// Endpoint returns the address, scope ID and port as netstat.exe prints an
// endpoint: as [FormatEx] does, but with the port even when it is 0, which
// RtlIpv6AddressToStringEx leaves out: "0.0.0.0:0", "[::]:0",
// "[fe80::1%12]:445". The zero Addr gives "*:port", and "*:*" with port 0,
// as netstat prints the remote end of a UDP endpoint.
func Endpoint(a netip.Addr, scopeID uint32, port uint16) string {
	var buf [MaxFormatLen]byte
	return string(AppendEndpoint(buf[:0], a, scopeID, port))
}

// AppendEndpoint appends the text [Endpoint] returns to dst and returns the
// extended buffer. It does not allocate when dst has [MaxFormatLen] bytes of
// spare capacity.
func AppendEndpoint(dst []byte, a netip.Addr, scopeID uint32, port uint16) []byte {
	switch {
	case !a.IsValid() && port == 0:
		return append(dst, "*:*"...)
	case !a.IsValid():
		return strconv.AppendUint(append(dst, "*:"...), uint64(port), 10)
	case port != 0:
		return AppendFormatEx(dst, a, scopeID, port)
	case a.Is4():
		return append(AppendFormatEx(dst, a, 0, 0), ":0"...)
	}
	dst = append(dst, '[')
	dst = AppendFormatEx(dst, a, scopeID, 0)
	return append(dst, "]:0"...)
}

// AppendFormatEx appends the text [FormatEx] returns to dst and returns the
// extended buffer. It does not allocate when dst has [MaxFormatLen] bytes of
// spare capacity.
func AppendFormatEx(dst []byte, a netip.Addr, scopeID uint32, port uint16) []byte {
	switch {
	case a.Is4():
		dst = appendIPv4(dst, a.As4())
		if port != 0 {
			dst = append(dst, ':')
			dst = strconv.AppendUint(dst, uint64(port), 10)
		}
		return dst
	case a.Is6():
		if port != 0 {
			dst = append(dst, '[')
		}
		dst = appendIPv6(dst, a.As16())
		if scopeID != 0 {
			dst = append(dst, '%')
			dst = strconv.AppendUint(dst, uint64(scopeID), 10)
		}
		if port != 0 {
			dst = append(dst, ']', ':')
			dst = strconv.AppendUint(dst, uint64(port), 10)
		}
		return dst
	}
	return dst
}

func appendIPv4(dst []byte, a [4]byte) []byte {
	for i, octet := range a {
		if i > 0 {
			dst = append(dst, '.')
		}
		dst = appendDecimal8(dst, octet)
	}
	return dst
}

// appendDecimal8 appends v in decimal; strconv is slower for so few digits.
func appendDecimal8(dst []byte, v uint8) []byte {
	switch {
	case v >= 100:
		return append(dst, '0'+v/100, '0'+v/10%10, '0'+v%10)
	case v >= 10:
		return append(dst, '0'+v/10, '0'+v%10)
	}
	return append(dst, '0'+v)
}

const hexDigits = "0123456789abcdef"

// appendHex16 appends v in lowercase hex without leading zeros.
func appendHex16(dst []byte, v uint16) []byte {
	switch {
	case v >= 0x1000:
		dst = append(dst, hexDigits[v>>12])
		fallthrough
	case v >= 0x100:
		dst = append(dst, hexDigits[v>>8&0xf])
		fallthrough
	case v >= 0x10:
		dst = append(dst, hexDigits[v>>4&0xf])
	}
	return append(dst, hexDigits[v&0xf])
}

const (
	isatapGroup = 0x5efe // group 5 of an ISATAP interface identifier
	isatapU     = 0x0200 // group 4 of an ISATAP identifier with the universal/local bit set
)

// embedsIPv4 reports whether Windows prints the last 32 bits of the address
// with groups g as a dotted quad (rule 3 of Format).
func embedsIPv4(g *[8]uint16) bool {
	if g[5] == isatapGroup && (g[4] == 0 || g[4] == isatapU) {
		return true
	}
	if g[0]|g[1]|g[2]|g[3] != 0 || g[6] == 0 {
		return false
	}
	switch {
	case g[4] == 0 && g[5] == 0, // IPv4-compatible, ::a.b.c.d
		g[4] == 0 && g[5] == 0xffff, // IPv4-mapped, ::ffff:a.b.c.d
		g[4] == 0xffff && g[5] == 0: // IPv4-translated, ::ffff:0:a.b.c.d
		return true
	}
	return false
}

func appendIPv6(dst []byte, a [16]byte) []byte {
	var g [8]uint16
	for i := range g {
		g[i] = binary.BigEndian.Uint16(a[2*i:])
	}
	hexGroups := len(g)
	dotted := embedsIPv4(&g)
	if dotted {
		hexGroups = 6
	}

	// The longest run of two or more zero groups among the hex groups; the
	// first one wins a tie because only a strictly longer run replaces it.
	zeroStart, zeroLen := -1, 1
	for i := 0; i < hexGroups; {
		if g[i] != 0 {
			i++
			continue
		}
		j := i
		for j < hexGroups && g[j] == 0 {
			j++
		}
		if j-i > zeroLen {
			zeroStart, zeroLen = i, j-i
		}
		i = j
	}

	// Build the text in a local array and append it once: one capacity
	// check instead of one per character.
	var buf [45]byte // the longest IPv6 text without scope or port
	b := buf[:0]
	endsWithColons := false
	for i := 0; i < hexGroups; i++ {
		if i == zeroStart {
			b = append(b, ':', ':')
			i += zeroLen - 1
			endsWithColons = true
			continue
		}
		if i > 0 && !endsWithColons {
			b = append(b, ':')
		}
		b = appendHex16(b, g[i])
		endsWithColons = false
	}
	if dotted {
		if !endsWithColons {
			b = append(b, ':')
		}
		b = appendIPv4(b, [4]byte(a[12:16]))
	}
	return append(dst, b...)
}
