package main

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLiveDefault(t *testing.T) {
	require.True(t, live, "Windows shows the live tables by default")
	ln, err := net.Listen("tcp6", "[::1]:0")
	require.NoError(t, err)
	defer ln.Close()
	// "[::1]:port", or "[::1%4096]:port" under Wine, which gives loopback
	// the scope 0x1000.
	port := ln.Addr().(*net.TCPAddr).Port

	code, out, errOut := runNetstat(t, nil)
	require.Equal(t, 0, code, errOut)
	require.True(t, strings.HasPrefix(out, "Proto  Local Address"))
	found := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "TCP    [::1") && strings.Contains(line, fmt.Sprintf("]:%d ", port)) && strings.Contains(line, "LISTEN") {
			found = true
		}
	}
	require.True(t, found, "the listener is in the table:\n%s", out)

	code, out, errOut = runNetstat(t, nil, "-json")
	require.Equal(t, 0, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	found = false
	for _, r := range rows {
		require.Contains(t, []any{"tcp", "udp"}, r["proto"])
		if r["proto"] == "tcp" && r["local_addr"] == "::1" && r["state"] == "LISTEN" &&
			int(r["local_port"].(float64)) == port {
			found = true
		}
	}
	require.True(t, found, "the listener is in the JSON")
}

func TestLiveOwners(t *testing.T) {
	ln, err := net.Listen("tcp6", "[::1]:0")
	require.NoError(t, err)
	defer ln.Close()
	code, out, errOut := runNetstat(t, nil, "-b")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.True(t, strings.HasSuffix(lines[0], " Owner"), lines[0])
	for _, line := range lines[1:] {
		require.Greater(t, len(line), len(lines[0])-len("Owner"), "every row names its owner, or -: %q", line)
	}
	code, out, errOut = runNetstat(t, nil, "-b", "-json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"process":`, "processes are resolved")
}
