package udpmib_test

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
	"github.com/netmib/netmib/udpmib"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func render(name string, b []byte, tab udpmib.Table, err error) string {
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
		fmt.Fprintf(&s, "  pid:     %d\n", r.PID())
		created := "unknown"
		if c := r.Created(); !c.IsZero() {
			created = c.Format(time.RFC3339Nano)
		}
		fmt.Fprintf(&s, "  created: %d = %s\n", r.CreateTimestamp(), created)
		fmt.Fprintf(&s, "  flags:   %#x, specific port bind %v\n", r.Flags(), r.SpecificPortBind())
		m := r.ModuleInfo()
		var words [16]uint64 // the ULONGLONG[16] of the SDK, for reading
		for i := range words {
			words[i] = m.Uint64(i)
		}
		fmt.Fprintf(&s, "  module:  service tag %d, info %x\n", r.ServiceTag(), words)
	}
	return s.String()
}

func TestGolden(t *testing.T) {
	for _, f := range fixtures.All() {
		if f.Proto != "udp" {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			b := f.Bytes()
			tab, err := udpmib.ParseTable(b, netmib.Family(f.Family), udpmib.Class(f.Class))
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
			require.NoError(t, err, "run go test ./udpmib -run TestGolden -update")
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestDirtyDecodesAsClean(t *testing.T) {
	parse := func(name string) []netmib.Socket {
		f, ok := fixtures.Lookup(name)
		require.True(t, ok)
		tab, err := udpmib.IPv6OwnerModule.Parse(f.Bytes())
		require.NoError(t, err)
		return tab.AppendSockets(nil)
	}
	require.Empty(t, cmp.Diff(parse("udp6-ownermodule"), parse("udp6-ownermodule-dirty"), cmpAddrs))
}
