package addr_test

import (
	"fmt"
	"net/netip"

	"github.com/netmib/netmib/addr"
)

func ExampleFormat() {
	for _, s := range []string{"::ffff:192.0.2.1", "::ffff:0:4403", "::13.1.68.3", "fe80::200:5efe:10.0.0.1", "2001:db8:0:0:1:0:0:1"} {
		a := netip.MustParseAddr(s)
		fmt.Printf("%-26s netip: %-24s windows: %s\n", s, a, addr.Format(a))
	}
	// Output:
	// ::ffff:192.0.2.1           netip: ::ffff:192.0.2.1         windows: ::ffff:192.0.2.1
	// ::ffff:0:4403              netip: ::ffff:0.0.68.3          windows: ::ffff:0:4403
	// ::13.1.68.3                netip: ::d01:4403               windows: ::13.1.68.3
	// fe80::200:5efe:10.0.0.1    netip: fe80::200:5efe:a00:1     windows: fe80::200:5efe:10.0.0.1
	// 2001:db8:0:0:1:0:0:1       netip: 2001:db8::1:0:0:1        windows: 2001:db8::1:0:0:1
}

func ExampleFormatEx() {
	fmt.Println(addr.FormatEx(netip.MustParseAddr("fe80::1"), 4, 0))
	fmt.Println(addr.FormatEx(netip.MustParseAddr("fe80::1"), 4, 445))
	fmt.Println(addr.FormatEx(netip.IPv6Unspecified(), 0, 135))
	fmt.Println(addr.FormatEx(netip.MustParseAddr("192.0.2.1"), 0, 3389))
	// Output:
	// fe80::1%4
	// [fe80::1%4]:445
	// [::]:135
	// 192.0.2.1:3389
}

func ExampleAppendFormatEx() {
	buf := make([]byte, 0, addr.MaxFormatLen) // reused: no allocation per call
	for _, port := range []uint16{80, 443} {
		buf = addr.AppendFormatEx(buf[:0], netip.IPv6Loopback(), 0, port)
		fmt.Println(string(buf))
	}
	// Output:
	// [::1]:80
	// [::1]:443
}

func ExamplePort() {
	// dwLocalPort as Windows writes it: port 443 in network order, then two
	// bytes the documentation calls uninitialised.
	dw := []byte{0x01, 0xbb, 0xcc, 0xcc}
	fmt.Println(addr.Port(dw))
	// Output: 443
}
