package ipconfig_test

import (
	"fmt"

	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/ipconfig"
)

// The interfaces Wine 10 reported for its Linux host, read from a
// captured MIB_IF_TABLE2 without copying it.
func ExampleParseInterfaces() {
	f, _ := fixtures.Lookup("wine10-ipconfig-interfaces")
	t, err := ipconfig.ParseInterfaces(f.Bytes())
	if err != nil {
		panic(err)
	}
	for _, r := range t.All() {
		mac := r.PhysicalAddress().String()
		if mac == "" {
			mac = "(no MAC)"
		}
		fmt.Println(r.Index(), r.Alias(), r.Type(), r.OperStatus(), mac)
	}
	// Output:
	// 1 lo SoftwareLoopback Up (no MAC)
	// 2 ifb0 Ethernet Down 52-22-6D-A5-60-28
	// 3 ifb1 Ethernet Down 2E-70-08-58-94-06
	// 4 eth0 Ethernet Up 02-FC-00-00-00-01
}

// A route's destination and next hop are SOCKADDR_INETs, printed as
// Windows prints them.
func ExampleParseRoutes() {
	f, _ := fixtures.Lookup("wine10-ipconfig-routes")
	t, err := ipconfig.ParseRoutes(f.Bytes())
	if err != nil {
		panic(err)
	}
	for _, r := range t.All() {
		v := r.Route()
		if v.PrefixLength == 0 {
			fmt.Println(v.Prefix(), "via", v.NextHop, "on", v.InterfaceIndex, "metric", v.Metric)
		}
	}
	// Output:
	// 0.0.0.0/0 via 192.0.2.1 on 4 metric 0
	// ::/0 via fd00::1 on 4 metric 1024
	// ::/0 via :: on 1 metric 4294967295
}
