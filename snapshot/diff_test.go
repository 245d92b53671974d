package snapshot_test

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

// host returns a snapshot of one IPv6 TCP OWNER_MODULE table and one IPv4
// UDP OWNER_PID table.
func host(t *testing.T, tcp []tcpmib.Entry, udp ...udpmib.Entry) *snapshot.Snapshot {
	return &snapshot.Snapshot{Tables: []snapshot.Table{
		tcpTable(t, tcpmib.IPv6OwnerModule, tcpmib.OwnerModuleAll, tcp...),
		udpTable(t, udpmib.IPv4OwnerPID, udpmib.OwnerPID, udp...),
	}}
}

func conn(local, remote string, st state.State, pid uint32, ts int64) tcpmib.Entry {
	return tcpmib.Entry{Local: ap(local), Remote: ap(remote), State: st, PID: pid, CreateTimestamp: ts}
}

// kinds returns each change as its kind and the local endpoint it is about.
func kinds(changes []snapshot.Change) []string {
	var out []string
	for _, c := range changes {
		s := c.New
		if c.Kind == snapshot.Closed {
			s = c.Old
		}
		out = append(out, c.Kind.String()+" "+s.Local.String())
	}
	return out
}

func TestDiff(t *testing.T) {
	listener := conn("[::]:443", "[::]:0", state.Listen, 10, 100)
	est := conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.Established, 10, 200)
	tests := []struct {
		name     string
		old, new *snapshot.Snapshot
		want     []string
	}{
		{"nothing changed", host(t, []tcpmib.Entry{listener, est}), host(t, []tcpmib.Entry{est, listener}), nil},
		{"opened and closed",
			host(t, []tcpmib.Entry{listener, est}),
			host(t, []tcpmib.Entry{listener, conn("[2001:db8::1]:443", "[2001:db8::3]:50001", state.Established, 10, 300)}),
			[]string{"opened [2001:db8::1]:443", "closed [2001:db8::1]:443"}},
		{"state changed",
			host(t, []tcpmib.Entry{est}),
			host(t, []tcpmib.Entry{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.CloseWait, 10, 200)}),
			[]string{"state changed [2001:db8::1]:443"}},
		{"same endpoints and PID, new timestamp: another socket (a reused PID or port)",
			host(t, []tcpmib.Entry{est}),
			host(t, []tcpmib.Entry{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.Established, 10, 999)}),
			[]string{"opened [2001:db8::1]:443", "closed [2001:db8::1]:443"}},
		{"no timestamp now: matched on the rest",
			host(t, []tcpmib.Entry{est}),
			host(t, []tcpmib.Entry{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.FinWait2, 10, 0)}),
			[]string{"state changed [2001:db8::1]:443"}},
		{"no timestamps at all, as under Wine",
			host(t, []tcpmib.Entry{conn("[::1]:1", "[::1]:2", state.SynSent, 0, 0)}),
			host(t, []tcpmib.Entry{conn("[::1]:1", "[::1]:2", state.Established, 0, 0)}),
			[]string{"state changed [::1]:1"}},
		{"another PID: another socket",
			host(t, []tcpmib.Entry{est}),
			host(t, []tcpmib.Entry{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.Established, 11, 200)}),
			[]string{"opened [2001:db8::1]:443", "closed [2001:db8::1]:443"}},
		{"duplicate rows are matched one to one",
			host(t, []tcpmib.Entry{listener, listener, listener}),
			host(t, []tcpmib.Entry{listener}),
			[]string{"closed [::]:443", "closed [::]:443"}},
		{"UDP",
			host(t, nil, udpmib.Entry{Local: ap("0.0.0.0:53"), PID: 7}),
			host(t, nil, udpmib.Entry{Local: ap("0.0.0.0:53"), PID: 7}, udpmib.Entry{Local: ap("0.0.0.0:5353"), PID: 7}),
			[]string{"opened 0.0.0.0:5353"}},
		{"order: the new snapshot's order, then the closed in the old's",
			host(t, []tcpmib.Entry{conn("[::1]:1", "[::]:0", state.Listen, 1, 1), conn("[::1]:2", "[::]:0", state.Listen, 1, 2), conn("[::1]:3", "[::]:0", state.Listen, 1, 3)}),
			host(t, []tcpmib.Entry{conn("[::1]:5", "[::]:0", state.Listen, 1, 5), conn("[::1]:2", "[::]:0", state.Closed, 1, 2), conn("[::1]:4", "[::]:0", state.Listen, 1, 4)}),
			[]string{"opened [::1]:5", "state changed [::1]:2", "opened [::1]:4", "closed [::1]:1", "closed [::1]:3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snapshot.Diff(tt.old, tt.new)
			require.Equal(t, tt.want, kinds(got))
			for _, c := range got {
				switch c.Kind {
				case snapshot.Opened:
					require.Zero(t, c.Old)
				case snapshot.Closed:
					require.Zero(t, c.New)
				case snapshot.StateChanged:
					require.NotEqual(t, c.Old.State, c.New.State)
				}
			}
			// Reversed, opened and closed swap.
			back := snapshot.Diff(tt.new, tt.old)
			require.Len(t, back, len(got))
		})
	}
	require.Equal(t, "ChangeKind(9)", snapshot.ChangeKind(9).String())
}

func TestDiffPrefersTheSameState(t *testing.T) {
	// Two handles of one socket, as Wine lists them, in two states: the
	// new row in one of them is that one, and the other closed.
	syn := conn("[::1]:1", "[::1]:2", state.SynSent, 5, 0)
	est := conn("[::1]:1", "[::1]:2", state.Established, 5, 0)
	got := snapshot.Diff(host(t, []tcpmib.Entry{syn, est}), host(t, []tcpmib.Entry{est}))
	require.Len(t, got, 1)
	require.Equal(t, snapshot.Closed, got[0].Kind)
	require.Equal(t, state.SynSent, got[0].Old.State)

	// The same timestamp wins over a 0 one, whatever the states.
	a := conn("[::1]:1", "[::1]:2", state.Established, 5, 0)
	b := conn("[::1]:1", "[::1]:2", state.CloseWait, 5, 77)
	got = snapshot.Diff(host(t, []tcpmib.Entry{a, b}), host(t, []tcpmib.Entry{conn("[::1]:1", "[::1]:2", state.Established, 5, 77)}))
	require.Equal(t, []string{"state changed [::1]:1", "closed [::1]:1"}, kinds(got))
	require.Equal(t, int64(77), got[0].Old.CreateTimestamp)
	require.Equal(t, int64(0), got[1].Old.CreateTimestamp)
}

// TestDiffAllocations checks what Diff allocates against the bound its doc
// states: the index of the old snapshot and the changes, nothing per
// socket of the new one.
func TestDiffAllocations(t *testing.T) {
	const n = 4096
	old := benchSnapshot(t, n, 0)
	same := benchSnapshot(t, n, 0)
	half := benchSnapshot(t, n, n/2)
	for _, tt := range []struct {
		name    string
		new     *snapshot.Snapshot
		changes int
	}{{"unchanged", same, 0}, {"half shared", half, n/2 + n/8 + n/2}} {
		t.Run(tt.name, func(t *testing.T) {
			var changes []snapshot.Change
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			changes = snapshot.Diff(old, tt.new)
			runtime.ReadMemStats(&after)
			require.Len(t, changes, tt.changes)
			// The bound Diff's doc states: 200 bytes per old socket, and
			// 8 bytes and the Change itself per change.
			bound := 200*n + tt.changes*int(unsafe.Sizeof(snapshot.Change{})+8)
			require.LessOrEqual(t, int(after.TotalAlloc-before.TotalAlloc), bound)
			t.Logf("%d bytes, %.1f per old socket", after.TotalAlloc-before.TotalAlloc, float64(after.TotalAlloc-before.TotalAlloc)/n)
		})
	}
}
