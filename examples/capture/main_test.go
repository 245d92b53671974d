package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/tcpmib"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 26, 10, 15, 0, 0, time.UTC) }

func runCapture(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut, fixedNow)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-family", "5"}, {"-class", "9"}, {"-proto", "udp", "-class", "3"}, {"-proto", "icmp"}, {"-class", "-5"}, {"extra"}, {"-nope"}} {
		code, out, _ := runCapture(args...)
		require.Equal(t, 2, code, "%v", args)
		require.Empty(t, out)
	}
}

func TestCapture(t *testing.T) {
	// A file name of our own rather than t.TempDir: Wine 8, which CI runs
	// the Windows tests under, cannot RemoveAll a directory.
	name := filepath.Join(os.TempDir(), "netmib-capture-test.bin")
	meta := strings.TrimSuffix(name, ".bin") + ".json"
	t.Cleanup(func() { os.Remove(name); os.Remove(meta) })

	code, out, errOut := runCapture("-family", "6", "-class", "8", "-sorted", "-o", name)
	if runtime.GOOS != "windows" {
		require.Equal(t, 1, code)
		require.Empty(t, out)
		require.Contains(t, errOut, "capture: tcpmib: GetExtendedTcpTable: only on Windows: unsupported operation")
		_, err := os.Stat(name)
		require.True(t, os.IsNotExist(err), "nothing written")
		return
	}
	require.Equal(t, 0, code, errOut)
	require.Equal(t, name+"\n", out)
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	tab, err := tcpmib.ParseTable(b, netmib.IPv6, tcpmib.OwnerModuleAll)
	require.NoError(t, err)

	j, err := os.ReadFile(meta)
	require.NoError(t, err)
	var m Meta
	require.NoError(t, json.Unmarshal(j, &m))
	require.Equal(t, Meta{
		Proto: "tcp", Family: 23, Class: 8, ClassName: "OwnerModuleAll", Sorted: true,
		Layout: "MIB_TCP6TABLE_OWNER_MODULE", Rows: tab.Len(), Bytes: len(b),
		CapturedAt: "2026-11-26T10:15:00Z", Wine: m.Wine, Netstat: "-proto tcp -family 6 -class 8",
	}, m)
}

func TestDefaultName(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.Skip("writes a live capture")
	}
	code, out, errOut := runCapture("-family", "4", "-class", "5")
	require.Equal(t, 0, code, errOut)
	name := strings.TrimSpace(out)
	t.Cleanup(func() { os.Remove(name); os.Remove(strings.TrimSuffix(name, ".bin") + ".json") })
	require.Equal(t, "tcp4-class5-20261126T101500Z.bin", name)
}

func TestCaptureUDP(t *testing.T) {
	name := filepath.Join(os.TempDir(), "netmib-capture-udp-test.bin")
	meta := strings.TrimSuffix(name, ".bin") + ".json"
	t.Cleanup(func() { os.Remove(name); os.Remove(meta) })
	code, _, errOut := runCapture("-proto", "udp", "-family", "4", "-o", name)
	if runtime.GOOS != "windows" {
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "capture: udpmib: GetExtendedUdpTable")
		return
	}
	require.Equal(t, 0, code, errOut)
	j, err := os.ReadFile(meta)
	require.NoError(t, err)
	var m Meta
	require.NoError(t, json.Unmarshal(j, &m))
	require.Equal(t, "udp", m.Proto)
	require.Equal(t, "OwnerModule", m.ClassName)
	require.Equal(t, "MIB_UDPTABLE_OWNER_MODULE", m.Layout)
}
