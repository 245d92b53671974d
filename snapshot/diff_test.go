package snapshot_test

import (
	"testing"

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
