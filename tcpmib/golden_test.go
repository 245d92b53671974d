package tcpmib_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/tcpmib"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// render writes every field of every row in a form a reviewer can check
// against the fixture's description: raw values beside decoded ones.
func render(name string, b []byte, tab tcpmib.Table, err error) string {
	var s strings.Builder
	fmt.Fprintf(&s, "# %s: %d bytes\n", name, len(b))
	if err != nil {
		fmt.Fprintf(&s, "error: %v\n", err)
		return s.String()
	}
	fmt.Fprintf(&s, "layout: %s, %d rows\n", tab.Layout(), tab.Len())
	for i, r := range tab.All() {
		fmt.Fprintf(&s, "\nrow %d\n", i)
		fmt.Fprintf(&s, "  local:   %-48s scope %-10d windows %s\n", r.Local(), r.LocalScopeID(), addr.FormatEx(r.Local().Addr(), r.LocalScopeID(), r.Local().Port()))
		fmt.Fprintf(&s, "  remote:  %-48s scope %-10d windows %s\n", r.Remote(), r.RemoteScopeID(), addr.FormatEx(r.Remote().Addr(), r.RemoteScopeID(), r.Remote().Port()))
		fmt.Fprintf(&s, "  state:   %s (%d)\n", r.State(), uint32(r.State()))
		fmt.Fprintf(&s, "  pid:     %d\n", r.PID())
		created := "unknown"
		if c := r.Created(); !c.IsZero() {
			created = c.Format(time.RFC3339Nano)
		}
		fmt.Fprintf(&s, "  created: %d = %s\n", r.CreateTimestamp(), created)
		m := r.ModuleInfo()
		var words [16]uint64 // the ULONGLONG[16] of the SDK, for reading
		for i := range words {
			words[i] = m.Uint64(i)
		}
		fmt.Fprintf(&s, "  module:  service tag %d, info %x\n", r.ServiceTag(), words)
		if r.Fields().Has(netmib.FieldOffloadState) {
			fmt.Fprintf(&s, "  offload: %s (%d)\n", r.OffloadState(), uint32(r.OffloadState()))
		}
	}
	return s.String()
}

func TestGolden(t *testing.T) {
	for _, f := range fixtures.All() {
		if f.Proto != "tcp" {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			b := f.Bytes()
			l, err := fixtureLayout(f)
			require.NoError(t, err)
			tab, err := l.Parse(b)
			if f.Valid {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, netmib.ErrTruncated)
			}
			got := render(f.Name, b, tab, err)
			path := filepath.Join("testdata", f.Name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./tcpmib -run TestGolden -update")
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestDirtyDecodesAsClean checks that the garbage in tcp6-dirty changes no
// decoded value: it is tcp6-workstation with uninitialised bytes filled in.
func TestDirtyDecodesAsClean(t *testing.T) {
	clean, err := tcpmib.Parse(mustFixture(t, "tcp6-workstation"))
	require.NoError(t, err)
	dirty, err := tcpmib.Parse(mustFixture(t, "tcp6-dirty"))
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(clean.AppendSockets(nil), dirty.AppendSockets(nil), cmpAddrs))
}

// TestSlackIgnored checks that only the declared rows of tcp6-slack are read.
func TestSlackIgnored(t *testing.T) {
	b := mustFixture(t, "tcp6-slack")
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	require.Equal(t, 3, tab.Len())
	require.Equal(t, 8+13*192+4, len(b))
	listeners, err := tcpmib.Parse(mustFixture(t, "tcp6-listeners"))
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(listeners.AppendSockets(nil)[:3], tab.AppendSockets(nil), cmpAddrs))
}

// fixtureLayout returns the layout of the table fixture f holds: by its
// function, family and class.
func fixtureLayout(f fixtures.Fixture) (tcpmib.Layout, error) {
	if f.Function == "GetTcpTable2" || f.Function == "GetTcp6Table2" {
		return tcpmib.Table2LayoutOf(netmib.Family(f.Family))
	}
	return tcpmib.LayoutOf(netmib.Family(f.Family), tcpmib.Class(f.Class))
}

func mustFixture(t *testing.T, name string) []byte {
	t.Helper()
	f, ok := fixtures.Lookup(name)
	require.True(t, ok, name)
	return f.Bytes()
}
