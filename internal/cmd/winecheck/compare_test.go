package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/ipconfig"
)

// testdata/ip-*.json is what ip -j printed on the host the wine-snapshot
// and wine10-snapshot fixtures were captured on, at the same time.
func hostView(t *testing.T) *Host {
	var h Host
	for file, v := range map[string]any{"ip-addr.json": &h.Links, "ip-route4.json": &h.Routes4, "ip-route6.json": &h.Routes6} {
		b, err := os.ReadFile("testdata/" + file)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, v))
	}
	return &h
}

func TestCompareAgrees(t *testing.T) {
	f, _ := fixtures.Lookup("wine-snapshot")
	s, err := f.Snapshot()
	require.NoError(t, err)
	report, problems := Compare(s, hostView(t), false)
	require.Empty(t, problems)
	require.Equal(t, []string{"interfaces: 4 on the host", "addresses: 5 on the host", "routes: 2 on the host (IPv6 ones too: false)"}, report)

	// Wine 8 lists no IPv6 route: the check finds them missing when asked.
	_, problems = Compare(s, hostView(t), true)
	require.Equal(t, []string{
		"route 4 ::/0 via fd00::1 is on the host, not in the table",
		"route 4 fd00::/64 via :: is on the host, not in the table",
		"route 4 fe80::/64 via :: is on the host, not in the table",
	}, problems)
}

func TestCompareFindsDifferences(t *testing.T) {
	f, _ := fixtures.Lookup("wine-snapshot")
	s, err := f.Snapshot()
	require.NoError(t, err)
	h := hostView(t)
	h.Links[3].MTU = 9000
	h.Links[3].Addrs = h.Links[3].Addrs[1:]
	h.Links = append(h.Links, Link{Index: 9, Name: "wg0"})
	h.Routes4 = h.Routes4[:1]
	_, problems := Compare(s, h, false)
	require.Equal(t, []string{
		"interface 4 (eth0): MTU 1400, the host says 9000",
		"interface 9 (wg0) is not in the table",
		"address 4 192.0.2.2/24 is in the table, not on the host",
		"route 4 192.0.2.0/24 via 0.0.0.0 is in the table, not on the host",
	}, problems)

	// A snapshot whose producer returned no table is a difference too.
	s.Network[1] = s.Network[3] // the addresses: the failed neighbor table's record
	s.Network[1].Kind = ipconfig.Addresses
	_, problems = Compare(s, hostView(t), false)
	require.True(t, strings.HasPrefix(problems[0], "MIB_UNICASTIPADDRESS_TABLE: ipconfig: GetIpNetTable2: "), problems[0])
}
