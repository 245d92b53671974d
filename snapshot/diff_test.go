package snapshot_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

// host returns a snapshot of one IPv6 TCP OWNER_MODULE table and one IPv4
// UDP OWNER_PID table.
func host(t *testing.T, tcp []netmib.Socket, udp ...netmib.Socket) *snapshot.Snapshot {
	return &snapshot.Snapshot{Tables: []snapshot.Table{
		tcpTable(t, tcpmib.IPv6OwnerModule, tcpmib.OwnerModuleAll, tcp...),
		udpTable(t, udpmib.IPv4OwnerPID, udpmib.OwnerPID, udp...),
	}}
}

func conn(local, remote string, st state.State, pid uint32, ts int64) netmib.Socket {
	return netmib.Socket{Local: ap(local), Remote: ap(remote), State: st, PID: pid, CreateTimestamp: ts}
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
		{"nothing changed", host(t, []netmib.Socket{listener, est}), host(t, []netmib.Socket{est, listener}), nil},
		{"opened and closed",
			host(t, []netmib.Socket{listener, est}),
			host(t, []netmib.Socket{listener, conn("[2001:db8::1]:443", "[2001:db8::3]:50001", state.Established, 10, 300)}),
			[]string{"opened [2001:db8::1]:443", "closed [2001:db8::1]:443"}},
		{"state changed",
			host(t, []netmib.Socket{est}),
			host(t, []netmib.Socket{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.CloseWait, 10, 200)}),
			[]string{"state changed [2001:db8::1]:443"}},
		{"same endpoints and PID, new timestamp: another socket (a reused PID or port)",
			host(t, []netmib.Socket{est}),
			host(t, []netmib.Socket{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.Established, 10, 999)}),
			[]string{"opened [2001:db8::1]:443", "closed [2001:db8::1]:443"}},
		{"no timestamp now: matched on the rest",
			host(t, []netmib.Socket{est}),
			host(t, []netmib.Socket{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.FinWait2, 10, 0)}),
			[]string{"state changed [2001:db8::1]:443"}},
		{"no timestamps at all, as under Wine",
			host(t, []netmib.Socket{conn("[::1]:1", "[::1]:2", state.SynSent, 0, 0)}),
			host(t, []netmib.Socket{conn("[::1]:1", "[::1]:2", state.Established, 0, 0)}),
			[]string{"state changed [::1]:1"}},
		{"another PID: another socket",
			host(t, []netmib.Socket{est}),
			host(t, []netmib.Socket{conn("[2001:db8::1]:443", "[2001:db8::2]:50000", state.Established, 11, 200)}),
			[]string{"opened [2001:db8::1]:443", "closed [2001:db8::1]:443"}},
		{"duplicate rows are matched one to one",
			host(t, []netmib.Socket{listener, listener, listener}),
			host(t, []netmib.Socket{listener}),
			[]string{"closed [::]:443", "closed [::]:443"}},
		{"UDP",
			host(t, nil, netmib.Socket{Local: ap("0.0.0.0:53"), PID: 7}),
			host(t, nil, netmib.Socket{Local: ap("0.0.0.0:53"), PID: 7}, netmib.Socket{Local: ap("0.0.0.0:5353"), PID: 7}),
			[]string{"opened 0.0.0.0:5353"}},
		{"order: the new snapshot's order, then the closed in the old's",
			host(t, []netmib.Socket{conn("[::1]:1", "[::]:0", state.Listen, 1, 1), conn("[::1]:2", "[::]:0", state.Listen, 1, 2), conn("[::1]:3", "[::]:0", state.Listen, 1, 3)}),
			host(t, []netmib.Socket{conn("[::1]:5", "[::]:0", state.Listen, 1, 5), conn("[::1]:2", "[::]:0", state.Closed, 1, 2), conn("[::1]:4", "[::]:0", state.Listen, 1, 4)}),
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

// TestDiffTimeWait checks the most common transition of all: a connection
// that Windows moves to TIME_WAIT, giving the row the PID 0 and no
// creation time, is one socket whose state changed.
func TestDiffTimeWait(t *testing.T) {
	est := conn("[2001:db8::1]:50412", "[2606:4700::1]:443", state.Established, 9876, 133_400_000_000_000_000)
	tw := conn("[2001:db8::1]:50412", "[2606:4700::1]:443", state.TimeWait, 0, 0)
	got := snapshot.Diff(host(t, []netmib.Socket{est}), host(t, []netmib.Socket{tw}))
	require.Equal(t, []string{"state changed [2001:db8::1]:50412"}, kinds(got))
	require.Equal(t, uint32(9876), got[0].Old.PID)
	require.Equal(t, state.TimeWait, got[0].New.State)

	// Under Wine, whose rows have no timestamps, the same.
	wine := conn("[2001:db8::1]:50412", "[2606:4700::1]:443", state.Established, 32, 0)
	require.Equal(t, []string{"state changed [2001:db8::1]:50412"}, kinds(snapshot.Diff(host(t, []netmib.Socket{wine}), host(t, []netmib.Socket{tw}))))

	// The other way round it is not one socket: a connection on the
	// endpoints of one in TIME_WAIT, with a PID, is a new connection.
	require.Equal(t, []string{"opened [2001:db8::1]:50412", "closed [2001:db8::1]:50412"},
		kinds(snapshot.Diff(host(t, []netmib.Socket{tw}), host(t, []netmib.Socket{est}))))

	// A TIME_WAIT row that stays is no change; an ESTABLISHED row of PID 0
	// is PID 0.
	require.Empty(t, snapshot.Diff(host(t, []netmib.Socket{tw}), host(t, []netmib.Socket{tw})))
	est0 := conn("[2001:db8::1]:50412", "[2606:4700::1]:443", state.CloseWait, 0, 133_400_000_000_000_000)
	require.Equal(t, []string{"opened [2001:db8::1]:50412", "closed [2001:db8::1]:50412"},
		kinds(snapshot.Diff(host(t, []netmib.Socket{est}), host(t, []netmib.Socket{est0}))))

	// Two connections, one goes to TIME_WAIT: the one with its endpoints.
	other := conn("[2001:db8::1]:50413", "[2606:4700::1]:443", state.Established, 9876, 133_400_000_000_000_001)
	got = snapshot.Diff(host(t, []netmib.Socket{other, est}), host(t, []netmib.Socket{tw, other}))
	require.Equal(t, []string{"state changed [2001:db8::1]:50412"}, kinds(got))
}

// TestDiffUnknownPID checks that a PID a table does not carry is unknown,
// not PID 0: it contradicts no PID, 0 or another, where a PID 0 that a
// table carries contradicts every other PID.
func TestDiffUnknownPID(t *testing.T) {
	basic := func(e netmib.Socket) *snapshot.Snapshot {
		return &snapshot.Snapshot{Tables: []snapshot.Table{tcpTable(t, tcpmib.IPv6Basic, tcpmib.BasicAll, e)}}
	}
	pidTable := func(e netmib.Socket) *snapshot.Snapshot {
		return &snapshot.Snapshot{Tables: []snapshot.Table{tcpTable(t, tcpmib.IPv6OwnerPID, tcpmib.OwnerPIDAll, e)}}
	}
	listen := conn("[::]:445", "[::]:0", state.Listen, 0, 0)
	for _, pid := range []uint32{0, 4, 1188} {
		e := listen
		e.PID = pid
		require.Empty(t, snapshot.Diff(basic(listen), pidTable(e)), "unknown, then PID %d", pid)
		require.Empty(t, snapshot.Diff(pidTable(e), basic(listen)), "PID %d, then unknown", pid)
	}
	e4 := listen
	e4.PID = 4
	require.Equal(t, []string{"opened [::]:445", "closed [::]:445"}, kinds(snapshot.Diff(pidTable(listen), pidTable(e4))), "PID 0, then PID 4")
}

// TestDiffOrder checks that Diff reports the same changes whatever the
// order of the rows in each table, on random tables whose rows share few
// endpoints, PIDs, timestamps and states, so that many rows could match
// many others.
func TestDiffOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	entry := func() netmib.Socket {
		return conn(fmt.Sprintf("[::1]:%d", 1+rng.IntN(2)), "[::1]:9", []state.State{state.Listen, state.Established, state.TimeWait}[rng.IntN(3)],
			[]uint32{0, 0, 7, 8}[rng.IntN(4)], []int64{0, 0, 100, 200}[rng.IntN(4)])
	}
	mk := func(basic bool, e []netmib.Socket) *snapshot.Snapshot {
		if basic {
			for i := range e {
				e[i].PID, e[i].CreateTimestamp = 0, 0
			}
			return &snapshot.Snapshot{Tables: []snapshot.Table{tcpTable(t, tcpmib.IPv6Basic, tcpmib.BasicAll, e...)}}
		}
		return &snapshot.Snapshot{Tables: []snapshot.Table{tcpTable(t, tcpmib.IPv6OwnerModule, tcpmib.OwnerModuleAll, e...)}}
	}
	canonical := func(changes []snapshot.Change) []string {
		var out []string
		for _, c := range changes {
			out = append(out, fmt.Sprintf("%v %+v %+v", c.Kind, c.Old, c.New))
		}
		slices.Sort(out)
		return out
	}
	for range 400 {
		old, new := make([]netmib.Socket, rng.IntN(7)), make([]netmib.Socket, rng.IntN(7))
		for i := range old {
			old[i] = entry()
		}
		for i := range new {
			new[i] = entry()
		}
		oldBasic, newBasic := rng.IntN(4) == 0, rng.IntN(4) == 0
		want := canonical(snapshot.Diff(mk(oldBasic, slices.Clone(old)), mk(newBasic, slices.Clone(new))))
		for range 5 {
			rng.Shuffle(len(old), func(i, j int) { old[i], old[j] = old[j], old[i] })
			rng.Shuffle(len(new), func(i, j int) { new[i], new[j] = new[j], new[i] })
			got := canonical(snapshot.Diff(mk(oldBasic, slices.Clone(old)), mk(newBasic, slices.Clone(new))))
			require.Equal(t, want, got, "old %v\nnew %v", old, new)
		}
		// Every state change is between rows that exist, in two states.
		for _, c := range snapshot.Diff(mk(oldBasic, slices.Clone(old)), mk(newBasic, slices.Clone(new))) {
			if c.Kind == snapshot.StateChanged {
				require.NotEqual(t, c.Old.State, c.New.State)
				require.Equal(t, c.Old.Local, c.New.Local)
			}
		}
	}
}

func TestDiffPrefersTheSameState(t *testing.T) {
	// Two handles of one socket, as Wine lists them, in two states: the
	// new row in one of them is that one, and the other closed.
	syn := conn("[::1]:1", "[::1]:2", state.SynSent, 5, 0)
	est := conn("[::1]:1", "[::1]:2", state.Established, 5, 0)
	got := snapshot.Diff(host(t, []netmib.Socket{syn, est}), host(t, []netmib.Socket{est}))
	require.Len(t, got, 1)
	require.Equal(t, snapshot.Closed, got[0].Kind)
	require.Equal(t, state.SynSent, got[0].Old.State)

	// The same timestamp wins over a 0 one, whatever the states.
	a := conn("[::1]:1", "[::1]:2", state.Established, 5, 0)
	b := conn("[::1]:1", "[::1]:2", state.CloseWait, 5, 77)
	got = snapshot.Diff(host(t, []netmib.Socket{a, b}), host(t, []netmib.Socket{conn("[::1]:1", "[::1]:2", state.Established, 5, 77)}))
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
			// The bound Diff's doc states: 200 bytes per old socket, 40
			// per new one, and the Change itself per change.
			bound := 200*n + 40*n + tt.changes*int(unsafe.Sizeof(snapshot.Change{}))
			require.LessOrEqual(t, int(after.TotalAlloc-before.TotalAlloc), bound)
			t.Logf("%d bytes, %.1f per old socket", after.TotalAlloc-before.TotalAlloc, float64(after.TotalAlloc-before.TotalAlloc)/n)
		})
	}
}
