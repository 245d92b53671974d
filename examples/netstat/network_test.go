package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/ipconfig"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
)

// TestNetworkViews lists the default workstation's interfaces, routes and
// neighbors, and the Wine 10 capture's, against goldens.
func TestNetworkViews(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"interfaces.golden", []string{"-interfaces"}},
		{"routes.golden", []string{"-routes"}},
		{"neighbors.golden", []string{"-neighbors"}},
		{"wine10-interfaces.golden", []string{"-fixture", "wine10-snapshot", "-interfaces"}},
		{"wine10-routes.golden", []string{"-fixture", "wine10-snapshot", "-routes"}},
	} {
		code, out, errOut := runNetstat(t, nil, tt.args...)
		require.Equal(t, 0, code, errOut)
		require.Empty(t, errOut)
		golden(t, tt.golden, out)
	}
	code, out, _ := runNetstat(t, nil, "-interfaces")
	require.Equal(t, 0, code)
	require.Regexp(t, `(?m)^12 +Ethernet +Intel\(R\) Ethernet Connection \(7\) I219-LM +Ethernet +Up +3C-52-82-1A-2B-3C +192\.168\.1\.20/24, fe80::1c2d:3e4f:5a6b:7c8d%12/64, `, out)
}

func TestInterfacesJSON(t *testing.T) {
	code, out, errOut := runNetstat(t, nil, "-interfaces", "-json")
	require.Equal(t, 0, code, errOut)
	var ifs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &ifs))
	require.Len(t, ifs, 4)
	for _, key := range []string{"index", "alias", "description", "type", "oper_status", "mac", "addresses"} {
		require.Contains(t, ifs[1], key)
	}
	require.Equal(t, 12.0, ifs[1]["index"])
	require.Equal(t, "Ethernet", ifs[1]["alias"])
	addrs := ifs[1]["addresses"].([]any)
	require.Len(t, addrs, 5)
	first := addrs[0].(map[string]any)
	require.Equal(t, "192.168.1.20", first["address"].(map[string]any)["addr"])
	require.Equal(t, 24.0, first["prefix_length"])

	// The sockets name the interface their scope ID stands for.
	code, out, _ = runNetstat(t, nil, "-json", "-port", "5357")
	require.Equal(t, 0, code)
	var socks []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &socks))
	require.Len(t, socks, 1)
	require.Equal(t, "Ethernet", socks[0]["local_interface"])
	require.Nil(t, socks[0]["remote_interface"], "a remote scope ID of 0 names no interface")
}

func TestNetworkViewErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-fixture", "wine-snapshot", "-neighbors"}, 1,
			"netstat: the host did not return its MIB_IPNET_TABLE2 table: ipconfig: GetIpNetTable2: "},
		{[]string{"-fixture", "wine-snapshot-v1", "-interfaces"}, 1,
			"netstat: the snapshot holds no MIB_IF_TABLE2 table (GetIfTable2): it was taken without it, or read from a file of version 1"},
		{[]string{"-fixture", "tcp6-workstation", "-routes"}, 1, "netstat: the snapshot holds no MIB_IPFORWARD_TABLE2 table"},
		{[]string{"-interfaces", "-routes"}, 2, "netstat: -interfaces, -routes and -neighbors each list one table: give one"},
		{[]string{"-routes", "-state", "LISTEN"}, 2, "netstat: -routes lists a table of the host's IP configuration, and takes no -diff"},
	} {
		code, out, errOut := runNetstat(t, nil, tt.args...)
		require.Equal(t, tt.code, code, "%v: %s", tt.args, errOut)
		require.Empty(t, out)
		require.True(t, strings.HasPrefix(errOut, tt.msg), "%v: %q", tt.args, errOut)
		require.Equal(t, 1, strings.Count(errOut, "\n"))
	}

	// A single IP configuration table from a fixture.
	code, out, errOut := runNetstat(t, nil, "-fixture", "wine10-ipconfig-interfaces", "-interfaces")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "eth0")
	require.Contains(t, out, "-", "no addresses: the fixture holds the interface table alone")
}

// TestDoubtfulOwner: a socket created before its process is flagged.
func TestDoubtfulOwner(t *testing.T) {
	f, _ := fixtures.Lookup("workstation")
	s, err := f.Snapshot()
	require.NoError(t, err)
	// Make process 6100 (node.exe) younger than its sockets.
	p := s.Process(6100)
	require.NotNil(t, p)
	p.CreateTimestamp = 134_500_000_000_000_000 // 2027
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, s))
	code, out, errOut := runNetstat(t, buf.Bytes(), "-in", "-", "-pid", "6100")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	require.NotEmpty(t, lines)
	for _, l := range lines {
		require.True(t, strings.HasSuffix(l, "node.exe [socket older than the process: PID reused?]"), l)
	}
	code, out, _ = runNetstat(t, buf.Bytes(), "-in", "-", "-pid", "6100", "-json")
	require.Equal(t, 0, code)
	require.Contains(t, out, `"owner_doubtful": true`)

	var sock netmib.Socket
	for x := range s.Select(netmib.Filter{PIDs: []uint32{6100}, States: []state.State{state.Listen}}) {
		sock = x
	}
	require.True(t, s.OwnerOf(&sock).Doubtful)
	p.CreateTimestamp = sock.CreateTimestamp - int64(time.Second/100)
	require.False(t, s.OwnerOf(&sock).Doubtful, "a process created before its socket")
	p.CreateTimestamp = 0
	require.False(t, s.OwnerOf(&sock).Doubtful, "an unknown creation time proves nothing")
}

// TestForgedInterfaceNames: names from the snapshot are escaped, so that
// an alias cannot forge a line of the table.
func TestForgedInterfaceNames(t *testing.T) {
	s, err := fixtures.Default().Snapshot()
	require.NoError(t, err)
	ifs := s.Interfaces()
	ifs[1].Alias = "Ethernet\n99   evil  \x1b[2J"
	ifs[1].Description = "\u202eevil"
	data, err := ipconfig.AppendInterfaceTable(nil, ifs)
	require.NoError(t, err)
	s.Network[0].Data = data
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, s))
	for _, view := range []string{"-interfaces", "-routes", "-neighbors"} {
		code, out, errOut := runNetstat(t, buf.Bytes(), "-in", "-", view)
		require.Equal(t, 0, code, errOut)
		require.NotContains(t, out, "\x1b")
		require.NotContains(t, out, "\u202e")
		require.Contains(t, out, `Ethernet\n99   evil  \x1b[2J`)
		for _, l := range strings.Split(out, "\n") {
			require.False(t, strings.HasPrefix(l, "99 "), "a forged line: %q", l)
		}
	}
}

// TestRawIPConfigTable: a bare IP configuration table is found from its
// bytes and shown in its view.
func TestRawIPConfigTable(t *testing.T) {
	f, _ := fixtures.Lookup("wine-ipconfig-routes")
	code, out, errOut := runNetstat(t, f.Bytes(), "-in", "-")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "netstat: - holds a MIB_IPFORWARD_TABLE2, the one table its bytes fit (from GetIpForwardTable2)\n", errOut)
	require.Contains(t, out, "0.0.0.0/0     192.0.2.1  4")

	f, _ = fixtures.Lookup("wine-ipconfig-addresses")
	code, out, errOut = runNetstat(t, f.Bytes(), "-in", "-")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "netstat: a MIB_UNICASTIPADDRESS_TABLE alone has no view")

	code, _, errOut = runNetstat(t, nil, "-fixture", "wine-ipconfig-interfaces", "-pid", "4")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "-state, -pid and -port select sockets, and the input holds a MIB_IF_TABLE2 alone")
}
