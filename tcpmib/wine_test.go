package tcpmib_test

import (
	"bytes"
	"encoding/binary"
	"maps"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// socket is what every TCP layout says of a row.
type socket struct {
	local, remote netip.AddrPort
	st            state.State
}

func wineSockets(t *testing.T, name string) ([]socket, []byte, tcpmib.Layout) {
	t.Helper()
	f, ok := fixtures.Lookup(name)
	require.True(t, ok, name)
	b := f.Bytes()
	l, err := fixtureLayout(f)
	require.NoError(t, err)
	tab, err := l.Parse(b)
	require.NoError(t, err)
	var out []socket
	for _, r := range tab.All() {
		out = append(out, socket{r.Local(), r.Remote(), r.State()})
	}
	return out, b, tab.Layout()
}

// TestWineCaptures checks what docs/wire.md §2, §4 and §7 say of real buffers
// from Wine 8 and Wine 10 against the captures.
func TestWineCaptures(t *testing.T) {
	for _, wine := range []string{"wine-", "wine10-"} {
		for _, family := range []string{"tcp6", "tcp4"} {
			base, _, _ := wineSockets(t, wine+family+"-ownermodule")
			for _, kind := range []string{"ownermodule", "ownerpid", "basic", "table2"} {
				name := wine + family + "-" + kind
				t.Run(name, func(t *testing.T) {
					socks, b, l := wineSockets(t, name)
					// Wine reports the exact size: header and rows, no slack.
					require.Len(t, b, l.HeaderSize()+len(socks)*l.RowSize())
					// The header padding and the upper halves of the ports are zero.
					require.Equal(t, make([]byte, l.HeaderSize()-4), b[4:l.HeaderSize()])
					// Wine writes exactly what the encoder writes.
					require.Equal(t, canonical(sdkOf(l), b, len(socks)), b)
					// Every layout of a family lists the same sockets.
					require.ElementsMatch(t, base, socks)
				})
			}
		}

		t.Run(wine+"sorted", func(t *testing.T) {
			unsorted, _, _ := wineSockets(t, wine+"tcp6-ownermodule")
			sorted, b, _ := wineSockets(t, wine+"tcp6-ownermodule-sorted")
			require.ElementsMatch(t, unsorted, sorted)
			tab, err := tcpmib.Parse(b)
			require.NoError(t, err)
			var keys [][]byte
			for _, r := range tab.All() {
				keys = append(keys, sortKey(r))
			}
			require.True(t, slices.IsSortedFunc(keys, bytes.Compare), "bOrder sorts by local address, scope, port, then remote")
		})

		t.Run(wine+"table2", func(t *testing.T) {
			// TABLE2 rows say what the OWNER_PID rows say, in the same
			// order, and every offload state is InHost.
			for _, family := range []string{"tcp6", "tcp4"} {
				pid, _ := fixtures.Lookup(wine + family + "-ownerpid")
				l, err := fixtureLayout(pid)
				require.NoError(t, err)
				tab, err := l.Parse(pid.Bytes())
				require.NoError(t, err)
				two, _ := fixtures.Lookup(wine + family + "-table2")
				l2, err := fixtureLayout(two)
				require.NoError(t, err)
				tab2, err := l2.Parse(two.Bytes())
				require.NoError(t, err)
				require.Equal(t, tab.Len(), tab2.Len())
				for i, r := range tab2.All() {
					e := r.Socket()
					require.True(t, e.Has(netmib.FieldOffloadState))
					require.Equal(t, state.InHost, e.OffloadState)
					e.Known &^= netmib.FieldOffloadState
					require.Equal(t, tab.Row(i).Socket(), e, "%s row %d", two.Name, i)
				}
			}
		})
	}

	t.Run("wine10", func(t *testing.T) {
		// Wine 10 lists the sockets of its own processes, all with the PID
		// of the one that holds them, one row per handle, and unbound
		// sockets as CLOSED; a closed connection leaves no TIME_WAIT.
		f, _ := fixtures.Lookup("wine10-tcp4-ownerpid")
		tab, err := tcpmib.ParseTable(f.Bytes(), netmib.IPv4, tcpmib.OwnerPIDAll)
		require.NoError(t, err)
		listeners := map[netip.AddrPort]int{}
		seen := map[state.State]bool{}
		for _, r := range tab.All() {
			require.Equal(t, uint32(32), r.PID(), "winesockets.exe is PID 32")
			seen[r.State()] = true
			if r.State() == state.Listen {
				listeners[r.Local()]++
			}
			if r.State() == state.Closed {
				require.Equal(t, netip.MustParseAddrPort("0.0.0.0:0"), r.Local(), "an unbound socket")
			}
		}
		require.Contains(t, slices.Collect(maps.Values(listeners)), 2, "the duplicated listener handle: %v", listeners)
		require.True(t, seen[state.Closed])
		require.False(t, seen[state.TimeWait])
		f, _ = fixtures.Lookup("wine10-tcp6-ownermodule")
		tab, err = tcpmib.Parse(f.Bytes())
		require.NoError(t, err)
		for _, r := range tab.All() {
			require.Equal(t, uint32(32), r.PID(), "Wine 10 fills the PID of IPv6 rows")
			require.NotEqual(t, state.TimeWait, r.State())
		}
	})

	t.Run("wine-quirks", func(t *testing.T) {
		f, _ := fixtures.Lookup("wine-tcp6-ownermodule")
		tab, err := tcpmib.Parse(f.Bytes())
		require.NoError(t, err)
		seen := map[state.State]bool{}
		mapped := false
		for _, r := range tab.All() {
			seen[r.State()] = true
			// Wine leaves these zero for sockets of a non-Wine process.
			require.Zero(t, r.PID())
			require.Zero(t, r.CreateTimestamp())
			require.Zero(t, r.ModuleInfo())
			switch a := r.Local().Addr(); {
			case a.Is4In6(): // first: netip calls ::ffff:127.0.0.1 a loopback address too
				mapped = true
				require.Equal(t, uint32(0xffffffff), r.LocalScopeID(), "Wine's scope for addresses that are not local")
			case a.IsLoopback():
				require.Equal(t, uint32(0x1000), r.LocalScopeID(), "Wine's scope for loopback")
			case a.IsUnspecified():
				require.Zero(t, r.LocalScopeID())
			}
		}
		require.True(t, seen[state.Listen] && seen[state.Established] && seen[state.TimeWait], "%v", seen)
		require.True(t, mapped, "a dual-stack ::ffff: row")
	})
}

// sortKey orders rows as bOrder does: local address, local scope, local
// port, remote address, remote scope, remote port (docs/wire.md §4.10).
func sortKey(r tcpmib.Row) []byte {
	var k []byte
	for _, side := range []struct {
		ap    netip.AddrPort
		scope uint32
	}{{r.Local(), r.LocalScopeID()}, {r.Remote(), r.RemoteScopeID()}} {
		a := side.ap.Addr().As16()
		k = append(k, a[:]...)
		k = binary.BigEndian.AppendUint32(k, side.scope)
		k = binary.BigEndian.AppendUint16(k, side.ap.Port())
	}
	return k
}
