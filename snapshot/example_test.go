package snapshot_test

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
)

// Every listening TCP socket of one process, with its owner as netstat -b
// names it, from the snapshot of a workstation that package fixtures
// embeds; snapshot.ReadFile reads a file that examples/capture wrote the
// same way.
func ExampleSnapshot_Records() {
	s, err := fixtures.Default().Snapshot()
	if err != nil {
		panic(err)
	}
	f := netmib.Filter{Proto: netmib.TCP, States: []state.State{state.Listen}, PIDs: []uint32{1188}}
	for r := range s.Records(f) {
		fmt.Println(r.LocalEndpoint(), r.Owner)
	}
	// Output:
	// 0.0.0.0:135 svchost.exe (RpcSs)
	// [::]:135 svchost.exe (RpcSs)
}

// The interface a link-local socket's scope ID names, and its addresses.
func ExampleSnapshot_Interface() {
	s, err := fixtures.Default().Snapshot()
	if err != nil {
		panic(err)
	}
	for sock := range s.Select(netmib.Filter{Ports: []uint16{5357}}) {
		eth, ok := s.Interface(sock.LocalScopeID)
		fmt.Println(sock.LocalEndpoint(), ok, eth.Alias, eth.PhysicalAddress)
	}
	for _, ni := range s.NetInterfaces() {
		if ni.Index == 12 {
			for _, a := range ni.Addresses[:2] {
				fmt.Println(a.Prefix(), a.PrefixOrigin)
			}
		}
	}
	// Output:
	// [fe80::1c2d:3e4f:5a6b:7c8d%12]:5357 true Ethernet 3C-52-82-1A-2B-3C
	// 192.168.1.20/24 Dhcp
	// fe80::1c2d:3e4f:5a6b:7c8d/64 WellKnown
}

// What changed between two snapshots: here those Wine 8 and Wine 10 took
// of the same Linux host, which list different sockets.
func ExampleDiff() {
	load := func(name string) *snapshot.Snapshot {
		f, _ := fixtures.Lookup(name)
		s, err := f.Snapshot()
		if err != nil {
			panic(err)
		}
		return s
	}
	count := map[snapshot.ChangeKind]int{}
	for _, c := range snapshot.Diff(load("wine-snapshot"), load("wine10-snapshot")) {
		count[c.Kind]++
	}
	fmt.Println(count[snapshot.Opened], "opened,", count[snapshot.Closed], "closed,", count[snapshot.StateChanged], "changed state")
	// Output:
	// 17 opened, 15 closed, 0 changed state
}
