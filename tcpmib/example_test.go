package tcpmib_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"

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
	fmt.Println(addr.FormatEx(local.Addr(), r.LocalScopeID(), local.Port()))
	fmt.Println(r.State(), r.PID(), r.Created())
	// Output:
	// [fe80::1c2d:3e4f:5a6b:7c8d]:5357 scope 12
	// [fe80::1c2d:3e4f:5a6b:7c8d%12]:5357
	// LISTEN 4 2026-11-02 07:41:20 +0000 UTC
}

func ExampleTable_AppendEntries() {
	buf := workstation()
	var entries []tcpmib.Entry // reused across polls: no garbage once it is large enough
	for range 3 {
		t, err := tcpmib.Parse(buf)
		if err != nil {
			return
		}
		entries = t.AppendEntries(entries[:0])
	}
	byPID := map[uint32]int{}
	for _, e := range entries {
		byPID[e.PID]++
	}
	fmt.Println(len(entries), "rows;", byPID[9876], "owned by PID 9876")
	// Output: 18 rows; 3 owned by PID 9876
}

func ExampleLayout_AppendTable() {
	entries := []tcpmib.Entry{{
		Local:  netip.MustParseAddrPort("[::1]:8080"),
		Remote: netip.MustParseAddrPort("[::1]:50000"),
		State:  state.Established,
		PID:    1234,
	}}
	buf, err := tcpmib.IPv6OwnerModule.AppendTable(nil, entries)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(buf), "bytes")

	t, _ := tcpmib.Parse(buf)
	fmt.Println(t.Row(0).Decode() == entries[0])
	// Output:
	// 200 bytes
	// true
}

func ExampleEntry_MarshalJSON() {
	e := tcpmib.Entry{
		Local:           netip.MustParseAddrPort("[fe80::1]:445"),
		LocalScopeID:    12,
		Remote:          netip.MustParseAddrPort("[fe80::2]:50000"),
		RemoteScopeID:   12,
		State:           state.Established,
		PID:             4,
		CreateTimestamp: 133_485_408_000_000_000,
		ModuleInfo:      moduleInfo(0x1f),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(e)
	// Output:
	// {
	//   "local_addr": "fe80::1",
	//   "local_port": 445,
	//   "local_scope_id": 12,
	//   "remote_addr": "fe80::2",
	//   "remote_port": 50000,
	//   "remote_scope_id": 12,
	//   "state": "ESTABLISHED",
	//   "state_code": 5,
	//   "offload_state": null,
	//   "offload_state_code": null,
	//   "pid": 4,
	//   "create_timestamp": 133485408000000000,
	//   "created": "2024-01-01T00:00:00Z",
	//   "service_tag": 31,
	//   "module_info": "1f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
	// }
}

// A MIB_TCP6TABLE2 from GetTcp6Table2: its rows carry the offload state,
// which no other layout has.
func ExampleRow_Offload() {
	buf, _ := tcpmib.IPv6Table2.AppendTable(nil, []tcpmib.Entry{{
		Local:   netip.MustParseAddrPort("[2001:db8::1]:443"),
		Remote:  netip.MustParseAddrPort("[2001:db8::2]:50000"),
		State:   state.Established,
		PID:     1234,
		Offload: tcpmib.Offload{State: tcpmib.InHost, Known: true},
	}})
	t, _ := tcpmib.IPv6Table2.Parse(buf)
	for _, r := range t.All() {
		fmt.Println(r.Local(), r.State(), r.PID(), r.Offload().State)
	}
	t6, _ := tcpmib.Parse(workstation()) // MIB_TCP6TABLE_OWNER_MODULE: none
	fmt.Println(t6.Row(0).Offload().Known)
	// Output:
	// [2001:db8::1]:443 ESTABLISHED 1234 InHost
	// false
}

// workstation returns the MIB_TCP6TABLE_OWNER_MODULE of the fixtures'
// synthetic workstation.
func workstation() []byte {
	f, _ := fixtures.Lookup("tcp6-workstation")
	return f.Bytes()
}
