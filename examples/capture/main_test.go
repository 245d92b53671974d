package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/snapshot"
)

// fakeTake returns the fixtures' workstation snapshot, and records the
// options it was called with.
func fakeTake(got *snapshot.Options) func(snapshot.Options) (*snapshot.Snapshot, error) {
	return func(o snapshot.Options) (*snapshot.Snapshot, error) {
		*got = o
		f, _ := fixtures.Lookup(fixtures.DefaultName)
		return snapshot.Read(bytes.NewReader(f.Bytes()))
	}
}

func runCapture(take func(snapshot.Options) (*snapshot.Snapshot, error), args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut, take)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-table", "tcp/5/8"}, {"-table", "tcp/6/9"}, {"-table", "udp/4/3"}, {"-table", "icmp/4/0"},
		{"-table", "tcp/6"}, {"-table", "tcp/6/8/unsorted"}, {"-table", "udp/6/table2"}, {"-table", "tcp/5/table2"}, {"-table", "Proto(3)/4/1"}, {"-table", "Proto(0)/4/1"},
		{"-o", ""}, {"extra"}, {"-nope"},
	} {
		var o snapshot.Options
		code, out, _ := runCapture(fakeTake(&o), args...)
		require.Equal(t, 2, code, "%v", args)
		require.Empty(t, out)
	}
	var o snapshot.Options
	code, out, errOut := runCapture(fakeTake(&o), "-h")
	require.Equal(t, 0, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "Usage of capture:")
}

func TestCapture(t *testing.T) {
	// A file name of our own rather than t.TempDir: Wine 8, which CI runs
	// the Windows tests under, cannot RemoveAll a directory.
	name := filepath.Join(os.TempDir(), "netmib-capture-test.json")
	t.Cleanup(func() { os.Remove(name) })

	var o snapshot.Options
	code, out, errOut := runCapture(fakeTake(&o), "-table", "tcp/6/5", "-table", "udp/4/2/sorted", "-table", "tcp/4/table2/sorted", "-no-owners", "-o", name)
	require.Equal(t, 0, code, errOut)
	require.Equal(t, name+"\n", out)
	require.Equal(t, snapshot.Options{SkipOwners: true, Tables: []snapshot.TableSpec{
		{Proto: netmib.TCP, Family: netmib.IPv6, Class: 5},
		{Proto: netmib.UDP, Family: netmib.IPv4, Class: 2, Sorted: true},
		{Proto: netmib.TCP, Family: netmib.IPv4, Func: snapshot.Table2, Sorted: true},
	}}, o)
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	s, err := snapshot.Read(bytes.NewReader(b))
	require.NoError(t, err, "the file is a snapshot")
	require.Equal(t, "WS-ALICE", s.Host.Name)
}

func TestDefaults(t *testing.T) {
	var o snapshot.Options
	code, out, errOut := runCapture(fakeTake(&o))
	require.Equal(t, 0, code, errOut)
	t.Cleanup(func() { os.Remove("WS-ALICE-20261102T113200Z.json") })
	require.Equal(t, "WS-ALICE-20261102T113200Z.json\n", out, "named from the host and the UTC time")
	require.Equal(t, snapshot.Options{}, o, "the default tables, with owners")
	require.Equal(t, "a_b_-20260101T000000Z.json", defaultName(`a/b:`, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	require.Equal(t, "host-20260101T000000Z.json", defaultName("", time.Date(2026, 1, 1, 1, 0, 0, 0, time.FixedZone("x", 3600))))
}

func TestTakeFails(t *testing.T) {
	fail := func(snapshot.Options) (*snapshot.Snapshot, error) {
		return nil, fmt.Errorf("snapshot: Take reads a Windows host's tables: %w", errors.ErrUnsupported)
	}
	code, out, errOut := runCapture(fail, "-o", filepath.Join(os.TempDir(), "netmib-never-written.json"))
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Equal(t, "capture: snapshot: Take reads a Windows host's tables: unsupported operation\n", errOut)
}
