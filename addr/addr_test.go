package addr_test

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/addr"
)

// windowsVectors are the expected outputs of RtlIpv6AddressToStringA on
// Windows, from test_RtlIpv6AddressToString in Wine's dlls/ntdll/tests/rtl.c
// (as mirrored in reactos/reactos modules/rostests/winetests/ntdll/rtl.c),
// which Wine runs against real Windows. The addresses there are written as
// little-endian s6_words; here they are the 16 bytes in network order.
var windowsVectors = []struct {
	want string
	hex  string
}{
	{"::13.1.68.3", "0000000000000000000000000d014403"},
	{"::123.123.123.123", "0000000000000000000000007b7b7b7b"},
	{"::ffff", "0000000000000000000000000000ffff"},
	{"::0.1.0.0", "00000000000000000000000000010000"},
	{"::ffff:13.1.68.3", "00000000000000000000ffff0d014403"},
	{"::feff:d01:4403", "00000000000000000000feff0d014403"},
	{"::fffe:d01:4403", "00000000000000000000fffe0d014403"},
	{"::100:d01:4403", "0000000000000000000001000d014403"},
	{"::1:d01:4403", "0000000000000000000000010d014403"},
	{"::1:0:d01:4403", "0000000000000000000100000d014403"},
	{"::fffe:d01:4403", "00000000000000000000fffe0d014403"},
	{"::fffe:0:d01:4403", "0000000000000000fffe00000d014403"},
	{"::ffff:0:4403", "00000000000000000000ffff00004403"},
	{"::ffff:0.1.0.0", "00000000000000000000ffff00010000"},
	{"::ffff:13.1.0.0", "00000000000000000000ffff0d010000"},
	{"::ffff:0:0", "00000000000000000000ffff00000000"},
	{"::ffff:0:ffff", "00000000000000000000ffff0000ffff"},
	{"::ffff:0:0.1.0.0", "0000000000000000ffff000000010000"},
	{"::ffff:0:13.1.68.3", "0000000000000000ffff00000d014403"},
	{"::ffff:ffff:d01:4403", "0000000000000000ffffffff0d014403"},
	{"::ffff:0:0:d01:4403", "000000000000ffff000000000d014403"},
	{"::ffff:255.255.255.255", "00000000000000000000ffffffffffff"},
	{"::ffff:129.144.52.38", "00000000000000000000ffff81903426"},
	{"::5efe:0.0.0.0", "000000000000000000005efe00000000"},
	{"::5efe:129.144.52.38", "000000000000000000005efe81903426"},
	{"1111:2222:3333:4444:0:5efe:129.144.52.38", "111122223333444400005efe81903426"},
	{"1111:2222:3333::5efe:129.144.52.38", "111122223333000000005efe81903426"},
	{"1111:2222::5efe:129.144.52.38", "111122220000000000005efe81903426"},
	{"1111::5efe:129.144.52.38", "111100000000000000005efe81903426"},
	{"::300:5efe:8190:3426", "000000000000000003005efe81903426"},
	{"::200:5efe:129.144.52.38", "000000000000000002005efe81903426"},
	{"::100:5efe:8190:3426", "000000000000000001005efe81903426"},
	{"::1", "00000000000000000000000000000001"},
	{"::2", "00000000000000000000000000000002"},
	{"0:1:2:3:4:5:6:7", "00000001000200030004000500060007"},
	{"1080::8:800:200c:417a", "108000000000000000080800200c417a"},
	{"1111:2222:3333:4444:5555:6666:7b7b:7b7b", "1111222233334444555566667b7b7b7b"},
	{"1111:2222:3333:4444:5555:6666:7777:8888", "11112222333344445555666677778888"},
	{"1111:2222:3333:4444:5555:6666::", "11112222333344445555666600000000"},
	{"1111:2222:3333:4444:5555:6666:0:8888", "11112222333344445555666600008888"},
	{"1111:2222:3333:4444:5555::", "11112222333344445555000000000000"},
	{"1111:2222:3333:4444:5555:0:7b7b:7b7b", "1111222233334444555500007b7b7b7b"},
	{"1111:2222:3333:4444:5555:0:7777:8888", "11112222333344445555000077778888"},
	{"1111:2222:3333:4444:5555::8888", "11112222333344445555000000008888"},
	{"1111::", "11110000000000000000000000000000"},
	{"1111::7b7b:7b7b", "1111000000000000000000007b7b7b7b"},
	{"1111:0:3333:4444:5555:6666:7b7b:7b7b", "1111000033334444555566667b7b7b7b"},
	{"1111:0:3333:4444:5555:6666:7777:8888", "11110000333344445555666677778888"},
	{"1111::4444:5555:6666:7b7b:7b7b", "1111000000004444555566667b7b7b7b"},
	{"1111::4444:5555:6666:7777:8888", "11110000000044445555666677778888"},
	{"1111::5555:6666:7b7b:7b7b", "1111000000000000555566667b7b7b7b"},
	{"1111::5555:6666:7777:8888", "11110000000000005555666677778888"},
	{"1111::6666:7b7b:7b7b", "1111000000000000000066667b7b7b7b"},
	{"1111::6666:7777:8888", "11110000000000000000666677778888"},
	{"1111::7777:8888", "11110000000000000000000077778888"},
	{"1111::8888", "11110000000000000000000000008888"},
	{"1:2:3:4:5:6:102:304", "00010002000300040005000601020304"},
	{"1:2:3:4:5:6:7:8", "00010002000300040005000600070008"},
	{"1:2:3:4:5:6::", "00010002000300040005000600000000"},
	{"1:2:3:4:5:6:0:8", "00010002000300040005000600000008"},
	{"2001:0:1234::c1c0:abcd:876", "20010000123400000000c1c0abcd0876"},
	{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "200100004136e378800063bf3ffffdd2"},
	{"2001:db8::1428:57ab", "20010db80000000000000000142857ab"},
	{"2001:db8:1234:ffff:ffff:ffff:ffff:ffff", "20010db81234ffffffffffffffffffff"},
	{"2001:0:ce49:7601:2cad:dfff:7c94:fffe", "20010000ce4976012caddfff7c94fffe"},
	{"2001:db8:85a3::8a2e:370:7334", "20010db885a3000000008a2e03707334"},
	{"3ffe:b00::1:0:0:a", "3ffe0b0000000000000100000000000a"},
	{"::a:b:c:d:e", "000000000000000a000b000c000d000e"},
	{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffffffffffffffffffffffffffffffff"},
	{"1111:2222:3333:4444:5555:6666:7777:1", "11112222333344445555666677770001"},
	{"1111:2222::", "11112222000000000000000000000000"},
	{"1111::3333:4444:5555:6666:7777", "11110000000033334444555566667777"},
	{"1111::3333", "11110000000000000000000000003333"},
	{"2001::ffd3", "2001000000000000000000000000ffd3"},
	// The all-zero address, tested separately in the same file.
	{"::", "00000000000000000000000000000000"},
}

// windowsExVectors are the expected outputs of RtlIpv6AddressToStringExA,
// from test_RtlIpv6AddressToStringEx in the same file. The port there is a
// network-order USHORT (0xeeff, 1); here it is in host order (65518, 256).
var windowsExVectors = []struct {
	hex   string
	scope uint32
	port  uint16
	want  string
}{
	{"0000000000000000000000000d014403", 0, 0, "::13.1.68.3"},
	{"0000000000000000000000000d014403", 1, 0, "::13.1.68.3%1"},
	{"0000000000000000000000000d014403", 4294949819, 0, "::13.1.68.3%4294949819"},
	{"0000000000000000000000000d014403", 4294949819, 65518, "[::13.1.68.3%4294949819]:65518"},
	{"0000000000000000000000000d014403", 4294949819, 256, "[::13.1.68.3%4294949819]:256"},
	{"0000000000000000000000000d014403", 0, 256, "[::13.1.68.3]:256"},
	{"0000000000000000000000010d014403", 0, 0, "::1:d01:4403"},
	{"0000000000000000000000010d014403", 1, 0, "::1:d01:4403%1"},
	{"0000000000000000000000010d014403", 4294949819, 0, "::1:d01:4403%4294949819"},
	{"0000000000000000000000010d014403", 4294949819, 65518, "[::1:d01:4403%4294949819]:65518"},
	{"0000000000000000000000010d014403", 4294949819, 256, "[::1:d01:4403%4294949819]:256"},
	{"0000000000000000000000010d014403", 0, 256, "[::1:d01:4403]:256"},
	{"111122223333444400005efe81903426", 0, 0, "1111:2222:3333:4444:0:5efe:129.144.52.38"},
	{"111122223333444400005efe81903426", 1, 0, "1111:2222:3333:4444:0:5efe:129.144.52.38%1"},
	{"111122223333444400005efe81903426", 4294949819, 0, "1111:2222:3333:4444:0:5efe:129.144.52.38%4294949819"},
	{"111122223333444400005efe81903426", 4294949819, 65518, "[1111:2222:3333:4444:0:5efe:129.144.52.38%4294949819]:65518"},
	{"111122223333444400005efe81903426", 4294949819, 256, "[1111:2222:3333:4444:0:5efe:129.144.52.38%4294949819]:256"},
	{"111122223333444400005efe81903426", 0, 256, "[1111:2222:3333:4444:0:5efe:129.144.52.38]:256"},
	{"00000000000000000000000000000001", 0, 0, "::1"},
	{"00000000000000000000000000000001", 1, 0, "::1%1"},
	{"00000000000000000000000000000001", 4294949819, 0, "::1%4294949819"},
	{"00000000000000000000000000000001", 4294949819, 65518, "[::1%4294949819]:65518"},
	{"00000000000000000000000000000001", 4294949819, 256, "[::1%4294949819]:256"},
	{"00000000000000000000000000000001", 0, 256, "[::1]:256"},
	{"1111222233334444555566667b7b7b7b", 0, 0, "1111:2222:3333:4444:5555:6666:7b7b:7b7b"},
	{"1111222233334444555566667b7b7b7b", 1, 0, "1111:2222:3333:4444:5555:6666:7b7b:7b7b%1"},
	{"1111222233334444555566667b7b7b7b", 4294949819, 0, "1111:2222:3333:4444:5555:6666:7b7b:7b7b%4294949819"},
	{"1111222233334444555566667b7b7b7b", 4294949819, 65518, "[1111:2222:3333:4444:5555:6666:7b7b:7b7b%4294949819]:65518"},
	{"1111222233334444555566667b7b7b7b", 4294949819, 256, "[1111:2222:3333:4444:5555:6666:7b7b:7b7b%4294949819]:256"},
	{"1111222233334444555566667b7b7b7b", 0, 256, "[1111:2222:3333:4444:5555:6666:7b7b:7b7b]:256"},
	{"11110000000000000000000000000000", 0, 0, "1111::"},
	{"11110000000000000000000000000000", 1, 0, "1111::%1"},
	{"11110000000000000000000000000000", 4294949819, 0, "1111::%4294949819"},
	{"11110000000000000000000000000000", 4294949819, 65518, "[1111::%4294949819]:65518"},
	{"11110000000000000000000000000000", 4294949819, 256, "[1111::%4294949819]:256"},
	{"11110000000000000000000000000000", 0, 256, "[1111::]:256"},
	{"2001000000000000000000000000ffd3", 0, 0, "2001::ffd3"},
	{"2001000000000000000000000000ffd3", 1, 0, "2001::ffd3%1"},
	{"2001000000000000000000000000ffd3", 4294949819, 0, "2001::ffd3%4294949819"},
	{"2001000000000000000000000000ffd3", 4294949819, 65518, "[2001::ffd3%4294949819]:65518"},
	{"2001000000000000000000000000ffd3", 4294949819, 256, "[2001::ffd3%4294949819]:256"},
	{"2001000000000000000000000000ffd3", 0, 256, "[2001::ffd3]:256"},
}

func addrFromHex(t testing.TB, h string) netip.Addr {
	t.Helper()
	b, err := hex.DecodeString(h)
	require.NoError(t, err)
	require.Len(t, b, 16)
	return netip.AddrFrom16([16]byte(b))
}

func TestFormatWindowsVectors(t *testing.T) {
	for _, tt := range windowsVectors {
		t.Run(tt.want, func(t *testing.T) {
			a := addrFromHex(t, tt.hex)
			require.Equal(t, tt.want, addr.Format(a))
			require.Equal(t, tt.want, addr.FormatEx(a, 0, 0))
		})
	}
}

func TestFormatExWindowsVectors(t *testing.T) {
	for _, tt := range windowsExVectors {
		t.Run(tt.want, func(t *testing.T) {
			a := addrFromHex(t, tt.hex)
			require.Equal(t, tt.want, addr.FormatEx(a, tt.scope, tt.port))
			buf := make([]byte, 0, addr.MaxFormatLen)
			require.Equal(t, tt.want, string(addr.AppendFormatEx(buf, a, tt.scope, tt.port)))
		})
	}
}

// TestFormatRules covers each rule of docs/wire.md §5 with cases named for it,
// beyond the Windows vectors.
func TestFormatRules(t *testing.T) {
	tests := []struct {
		name  string
		in    string // parsed with netip
		scope uint32
		port  uint16
		want  string
	}{
		{"lowercase no leading zeros", "2001:0DB8:000A:0000:0001:0000:0000:00FF", 0, 0, "2001:db8:a:0:1::ff"},
		{"single zero group not compressed", "1:0:2:3:4:5:6:7", 0, 0, "1:0:2:3:4:5:6:7"},
		{"leftmost of equal runs", "1:0:0:2:3:0:0:4", 0, 0, "1::2:3:0:0:4"},
		{"longer run wins over leftmost", "1:0:0:2:0:0:0:3", 0, 0, "1:0:0:2::3"},
		{"link-local", "fe80::1c2d:3e4f:5a6b:7c8d", 0, 0, "fe80::1c2d:3e4f:5a6b:7c8d"},
		{"link-local with scope", "fe80::1", 12, 0, "fe80::1%12"},
		{"link-local with scope and port", "fe80::1", 12, 49152, "[fe80::1%12]:49152"},
		{"wine loopback scope", "::1", 0x1000, 0, "::1%4096"},
		{"wine non-local scope", "2001:db8::1", 0xffffffff, 443, "[2001:db8::1%4294967295]:443"},
		{"unspecified with port", "::", 0, 135, "[::]:135"},
		{"max port", "::1", 0, 65535, "[::1]:65535"},
		{"mapped", "::ffff:192.0.2.128", 0, 0, "::ffff:192.0.2.128"},
		{"mapped with port", "::ffff:192.0.2.128", 0, 80, "[::ffff:192.0.2.128]:80"},
		{"mapped, group 6 zero stays hex", "::ffff:0.0.1.2", 0, 0, "::ffff:0:102"},
		{"compatible", "::192.0.2.1", 0, 0, "::192.0.2.1"},
		{"compatible, group 6 zero stays hex", "::0.0.0.2", 0, 0, "::2"},
		{"translated", "::ffff:0:192.0.2.1", 0, 0, "::ffff:0:192.0.2.1"},
		{"isatap with prefix", "fe80::5efe:10.0.0.1", 3, 0, "fe80::5efe:10.0.0.1%3"},
		{"isatap universal bit", "2001:db8::200:5efe:10.0.0.1", 0, 0, "2001:db8::200:5efe:10.0.0.1"},
		{"isatap other group 4 stays hex", "2001:db8::300:5efe:a00:1", 0, 0, "2001:db8::300:5efe:a00:1"},
		{"nonzero upper 64 is not mapped", "1::ffff:1.2.3.4", 0, 0, "1::ffff:102:304"},
		{"all ones", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 4294967295, 65535, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535"},
		{"longest text", "ffff:ffff:ffff:ffff:0:5efe:255.255.255.255", 4294967295, 65535, "[ffff:ffff:ffff:ffff:0:5efe:255.255.255.255%4294967295]:65535"},
		{"zone ignored", "fe80::1%eth0", 0, 0, "fe80::1"},
		{"ipv4", "192.0.2.1", 0, 0, "192.0.2.1"},
		{"ipv4 with port", "192.0.2.1", 0, 445, "192.0.2.1:445"},
		{"ipv4 ignores scope", "0.0.0.0", 7, 0, "0.0.0.0"},
		{"ipv4 max", "255.255.255.255", 0, 65535, "255.255.255.255:65535"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := netip.MustParseAddr(tt.in)
			require.Equal(t, tt.want, addr.FormatEx(a, tt.scope, tt.port))
			if tt.scope == 0 && tt.port == 0 {
				require.Equal(t, tt.want, addr.Format(a))
			}
		})
	}
}

func TestFormatLongestFits(t *testing.T) {
	a := netip.MustParseAddr("ffff:ffff:ffff:ffff:200:5efe:255.255.255.255")
	require.Len(t, addr.FormatEx(a, 4294967295, 65535), addr.MaxFormatLen)
}

func TestFormatZeroAddr(t *testing.T) {
	require.Empty(t, addr.Format(netip.Addr{}))
	require.Empty(t, addr.FormatEx(netip.Addr{}, 5, 80))
	require.Equal(t, "x", string(addr.AppendFormatEx([]byte("x"), netip.Addr{}, 5, 80)))
}

func TestAppendFormatExAppends(t *testing.T) {
	got := addr.AppendFormatEx([]byte("local="), netip.IPv6Loopback(), 1, 8080)
	require.Equal(t, "local=[::1%1]:8080", string(got))
}

func TestAppendFormatExNoAllocs(t *testing.T) {
	buf := make([]byte, 0, addr.MaxFormatLen)
	inputs := []netip.Addr{
		netip.MustParseAddr("ffff:ffff:ffff:ffff:200:5efe:255.255.255.255"),
		netip.MustParseAddr("fe80::1"),
		netip.MustParseAddr("::ffff:10.1.2.3"),
		netip.MustParseAddr("203.0.113.9"),
	}
	for _, a := range inputs {
		allocs := testing.AllocsPerRun(100, func() {
			buf = addr.AppendFormatEx(buf[:0], a, 4294967295, 65535)
		})
		require.Zero(t, allocs, a.String())
	}
}

func TestDecodeHelpers(t *testing.T) {
	// A MIB_TCP6ROW_OWNER_MODULE prefix: address, scope, port DWORD.
	row := []byte{
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x15, 0x5d, 0xff, 0xfe, 0x01, 0x02, 0x03, // ucLocalAddr
		0x0c, 0x00, 0x00, 0x00, // dwLocalScopeId = 12, little-endian
		0x01, 0xbb, 0xde, 0xad, // dwLocalPort: 443 in network order, then garbage
	}
	require.Equal(t, netip.MustParseAddr("fe80::215:5dff:fe01:203"), addr.IPv6(row[0:]))
	require.Equal(t, uint32(12), addr.ScopeID(row[16:]))
	require.Equal(t, uint16(443), addr.Port(row[20:]))
	require.Equal(t, netip.MustParseAddr("254.128.0.0"), addr.IPv4(row[0:]))

	// The unused port bytes never change the port.
	for _, garbage := range [][2]byte{{0, 0}, {0xff, 0xff}, {0x12, 0x34}} {
		dw := []byte{0x00, 0x50, garbage[0], garbage[1]}
		require.Equal(t, uint16(80), addr.Port(dw))
	}
	// The scope is little-endian: byte 0 is the low byte.
	require.Equal(t, uint32(0x0000_1000), addr.ScopeID([]byte{0x00, 0x10, 0x00, 0x00}))
	require.Equal(t, uint32(0xffff_ffff), addr.ScopeID([]byte{0xff, 0xff, 0xff, 0xff}))
	require.Equal(t, uint32(0x0403_0201), addr.ScopeID([]byte{1, 2, 3, 4}))
}

func TestPutHelpers(t *testing.T) {
	b := []byte{0xaa, 0xaa, 0xaa, 0xaa, 0xaa}
	addr.PutPort(b, 0x1f90)
	require.Equal(t, []byte{0x1f, 0x90, 0, 0, 0xaa}, b)
	addr.PutScopeID(b, 0x01020304)
	require.Equal(t, []byte{4, 3, 2, 1, 0xaa}, b)

	a16 := make([]byte, 17)
	a16[16] = 0xaa
	addr.PutIPv6(a16, netip.MustParseAddr("192.0.2.1"))
	require.Equal(t, netip.MustParseAddr("::ffff:192.0.2.1"), addr.IPv6(a16))
	require.Equal(t, byte(0xaa), a16[16])
	addr.PutIPv6(a16, netip.Addr{})
	require.Equal(t, netip.IPv6Unspecified(), addr.IPv6(a16))
}

func TestHelpersPanicOnShortSlices(t *testing.T) {
	short := make([]byte, 3)
	for name, f := range map[string]func(){
		"IPv6":    func() { addr.IPv6(make([]byte, 15)) },
		"IPv4":    func() { addr.IPv4(short) },
		"Port":    func() { addr.Port(short) },
		"ScopeID": func() { addr.ScopeID(short) },
		"PutPort": func() { addr.PutPort(short, 1) },
	} {
		require.Panics(t, f, name)
	}
}

// parseFormatted reverses FormatEx for an IPv6 address, using only netip and
// strconv, so that the fuzz target checks Format against an independent parser.
func parseFormatted(s string) (a netip.Addr, scope uint32, port uint16, err error) {
	if rest, ok := strings.CutPrefix(s, "["); ok {
		host, p, ok := strings.Cut(rest, "]:")
		if !ok {
			return a, 0, 0, strconv.ErrSyntax
		}
		v, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return a, 0, 0, err
		}
		if v == 0 {
			return a, 0, 0, strconv.ErrSyntax // a zero port is never printed
		}
		s, port = host, uint16(v)
	}
	if host, z, ok := strings.Cut(s, "%"); ok {
		v, err := strconv.ParseUint(z, 10, 32)
		if err != nil {
			return a, 0, 0, err
		}
		s, scope = host, uint32(v)
	}
	a, err = netip.ParseAddr(s)
	return a, scope, port, err
}

func FuzzFormatEx(f *testing.F) {
	for _, v := range windowsExVectors {
		b, _ := hex.DecodeString(v.hex)
		f.Add(b, v.scope, v.port)
	}
	for _, v := range windowsVectors {
		b, _ := hex.DecodeString(v.hex)
		f.Add(b, uint32(0), uint16(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, scope uint32, port uint16) {
		if len(b) < 16 {
			b = append(b, make([]byte, 16-len(b))...)
		}
		a := addr.IPv6(b)
		s := addr.FormatEx(a, scope, port)
		require.LessOrEqual(t, len(s), addr.MaxFormatLen)
		require.Equal(t, s, string(addr.AppendFormatEx(nil, a, scope, port)))

		// The text parses back to the same address, scope and port.
		got, gotScope, gotPort, err := parseFormatted(s)
		require.NoError(t, err, s)
		require.Equal(t, a, got, s)
		require.Equal(t, scope, gotScope, s)
		require.Equal(t, port, gotPort, s)

		// Differential check against netip: where neither prints a dotted
		// quad, both follow RFC 5952 compression and must agree.
		plain := addr.Format(a)
		if !strings.Contains(plain, ".") && !strings.Contains(a.String(), ".") {
			require.Equal(t, a.String(), plain)
		}
		// IPv4 form of the last four bytes.
		v4 := netip.AddrFrom4([4]byte(b[12:16]))
		require.Equal(t, v4.String(), addr.Format(v4))
	})
}

var sinkBuf []byte

func BenchmarkAppendFormatEx(b *testing.B) {
	for _, s := range []string{"fe80::1c2d:3e4f:5a6b:7c8d", "::ffff:192.168.1.20", "2001:db8:10:20:a1b2:c3d4:e5f6:789", "192.0.2.1"} {
		a := netip.MustParseAddr(s)
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, addr.MaxFormatLen)
			for b.Loop() {
				buf = addr.AppendFormatEx(buf[:0], a, 12, 49152)
			}
			sinkBuf = buf
		})
	}
}

func TestEndpoint(t *testing.T) {
	for _, tt := range []struct {
		addr  string
		scope uint32
		port  uint16
		want  string
	}{
		{"0.0.0.0", 0, 0, "0.0.0.0:0"},
		{"192.0.2.1", 7, 445, "192.0.2.1:445"},
		{"::", 0, 0, "[::]:0"},
		{"fe80::1", 12, 445, "[fe80::1%12]:445"},
		{"fe80::1", 12, 0, "[fe80::1%12]:0"},
		{"::ffff:192.0.2.1", 0, 80, "[::ffff:192.0.2.1]:80"},
		{"", 0, 0, "*:*"},
		{"", 0, 53, "*:53"},
	} {
		var a netip.Addr
		if tt.addr != "" {
			a = netip.MustParseAddr(tt.addr)
		}
		require.Equal(t, tt.want, addr.Endpoint(a, tt.scope, tt.port))
		buf := make([]byte, 0, addr.MaxFormatLen)
		require.Zero(t, testing.AllocsPerRun(10, func() { _ = addr.AppendEndpoint(buf[:0], a, tt.scope, tt.port) }))
	}
}
