package tcpmib_test

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

func Example() {
	buf := workstation() // what GetExtendedTcpTable wrote on some host

	t, err := tcpmib.Parse(buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range t.All() {
		if r.State() != state.Established {
			continue
		}
		fmt.Println(i, r.Local(), "->", r.Remote(), "pid", r.PID(), r.Created().Format("15:04:05"))
	}
	// Output:
	// 10 [2001:db8:10:20:a1b2:c3d4:e5f6:789]:50412 -> [2606:4700::6812:1a2b]:443 pid 9876 10:15:42
	// 11 [2001:db8:10:20:a1b2:c3d4:e5f6:789]:50418 -> [2a00:1450:4001:82b::200e]:443 pid 9876 10:15:43
	// 12 [2001:db8:10:20:a1b2:c3d4:e5f6:789]:50433 -> [2603:1063:2200:10::2]:443 pid 11204 10:20:01
	// 15 [::1]:22 -> [::1]:50501 pid 7344 11:30:00
	// 16 [::1]:50501 -> [::1]:22 pid 12400 11:30:00
}

func ExampleParse_errors() {
	buf := make([]byte, 200)
	buf[0], buf[1], buf[2], buf[3] = 0xff, 0xff, 0xff, 0xff // dwNumEntries 4294967295

	_, err := tcpmib.Parse(buf)
	fmt.Println(errors.Is(err, netmib.ErrTruncated))
	var fe *netmib.FormatError
	if errors.As(err, &fe) {
		fmt.Println(fe.Count, fe.Want, fe.Have)
	}
	fmt.Println(err)
	// Output:
	// true
	// 4294967295 824633720648 200
	// netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 4294967295 needs 824633720648 bytes, buffer has 200 (row 1 at offset 200 is incomplete)
}

func ExampleRow() {
	t, _ := tcpmib.Parse(workstation())
	r := t.Row(9) // a link-local listener
	local := r.Local()
	fmt.Println(local, "scope", r.LocalScopeID())
	fmt.Println(addr.Endpoint(local.Addr(), r.LocalScopeID(), local.Port()))
	fmt.Println(r.State(), r.PID(), r.Created())
	// Output:
	// [fe80::1c2d:3e4f:5a6b:7c8d]:5357 scope 12
	// [fe80::1c2d:3e4f:5a6b:7c8d%12]:5357
	// LISTEN 4 2026-11-02 07:41:20 +0000 UTC
}

// A row's Socket is a value that can be kept after the buffer is reused,
// compared, and printed as netstat prints it.
func ExampleRow_Socket() {
	t, _ := tcpmib.Parse(workstation())
	s := t.Row(9).Socket()
	fmt.Println(s)
	fmt.Println(s.LocalEndpoint(), s.Has(netmib.FieldPID), s.Created().Format(time.RFC3339))
	// Output:
	// TCP [fe80::1c2d:3e4f:5a6b:7c8d%12]:5357 [::]:0 LISTEN 4
	// [fe80::1c2d:3e4f:5a6b:7c8d%12]:5357 true 2026-11-02T07:41:20Z
}

func ExampleTable_AppendSockets() {
	buf := workstation()
	var socks []netmib.Socket // reused across polls: no garbage once it is large enough
	for range 3 {
		t, err := tcpmib.Parse(buf)
		if err != nil {
			return
		}
		socks = t.AppendSockets(socks[:0])
	}
	byPID := map[uint32]int{}
	for _, s := range socks {
		byPID[s.PID]++
	}
	fmt.Println(len(socks), "rows;", byPID[9876], "owned by PID 9876")
	// Output: 18 rows; 3 owned by PID 9876
}

func ExampleLayout_AppendTable() {
	l := tcpmib.IPv6OwnerModule
	socks := []netmib.Socket{{
		Proto:  netmib.TCP,
		Family: l.Family(),
		Known:  l.Fields(), // a socket of this layout: every member it has
		Local:  netip.MustParseAddrPort("[::1]:8080"),
		Remote: netip.MustParseAddrPort("[::1]:50000"),
		State:  state.Established,
		PID:    1234,
	}}
	buf, err := l.AppendTable(nil, socks)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(buf), "bytes")

	t, _ := l.Parse(buf)
	fmt.Println(t.Row(0).Socket() == socks[0])
	// Output:
	// 200 bytes
	// true
}

// A MIB_TCP6TABLE2 from GetTcp6Table2: its rows carry the offload state,
// which no other layout has.
func ExampleRow_OffloadState() {
	l := tcpmib.IPv6Table2
	buf, _ := l.AppendTable(nil, []netmib.Socket{{
		Proto:        netmib.TCP,
		Family:       l.Family(),
		Known:        l.Fields(),
		Local:        netip.MustParseAddrPort("[2001:db8::1]:443"),
		Remote:       netip.MustParseAddrPort("[2001:db8::2]:50000"),
		State:        state.Established,
		PID:          1234,
		OffloadState: state.Offloaded,
	}})
	t, _ := l.Parse(buf)
	for _, r := range t.All() {
		fmt.Println(r.Local(), r.State(), r.PID(), r.OffloadState())
	}
	t6, _ := tcpmib.Parse(workstation()) // MIB_TCP6TABLE_OWNER_MODULE: none, which is not InHost
	fmt.Println(t6.Row(0).Fields().Has(netmib.FieldOffloadState))
	// Output:
	// [2001:db8::1]:443 ESTABLISHED 1234 Offloaded
	// false
}

// workstation returns the MIB_TCP6TABLE_OWNER_MODULE of the fixtures'
// synthetic workstation.
func workstation() []byte {
	f, _ := fixtures.Lookup("tcp6-workstation")
	return f.Bytes()
}
