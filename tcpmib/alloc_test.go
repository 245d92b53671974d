package tcpmib_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// Sinks keep the compiler from discarding the calls under test.
var (
	sinkTable tcpmib.Table
	sinkAP    netip.AddrPort
	sinkU32   uint32
	sinkI64   int64
	sinkTime  time.Time
	sinkMod   netmib.ModuleInfo
	sinkState state.State
	sinkSock  netmib.Socket
	sinkErr   error
)

// TestNoAllocs proves every "does not allocate" in the documentation.
func TestNoAllocs(t *testing.T) {
	b := workstation()
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	r := tab.Row(3)
	socks := make([]netmib.Socket, 0, tab.Len())
	withTime := r.Socket()
	require.NotZero(t, withTime.CreateTimestamp)

	tests := map[string]func(){
		"Parse": func() { sinkTable, sinkErr = tcpmib.Parse(b) },
		"All": func() {
			for _, r := range tab.All() {
				sinkU32 += r.PID()
			}
		},
		"Row":             func() { sinkU32 = tab.Row(5).PID() },
		"Local":           func() { sinkAP = r.Local() },
		"Remote":          func() { sinkAP = r.Remote() },
		"LocalScopeID":    func() { sinkU32 = r.LocalScopeID() },
		"RemoteScopeID":   func() { sinkU32 = r.RemoteScopeID() },
		"State":           func() { sinkState = r.State() },
		"PID":             func() { sinkU32 = r.PID() },
		"CreateTimestamp": func() { sinkI64 = r.CreateTimestamp() },
		"Created":         func() { sinkTime = r.Created() },
		"ModuleInfo":      func() { sinkMod = r.ModuleInfo() },
		"ServiceTag":      func() { sinkU32 = r.ServiceTag() },
		"OffloadState":    func() { sinkU32 = uint32(r.OffloadState()) },
		"Socket":          func() { sinkSock = r.Socket() },
		"AppendSockets":   func() { socks = tab.AppendSockets(socks[:0]) },
		"Sockets": func() {
			for _, s := range tab.Sockets() {
				sinkU32 += s.PID
			}
		},
		"Socket.Created":     func() { sinkTime = withTime.Created() },
		"IPv4 Sockets":       func() { ipv4Sockets(t) },
		"IPv4 AppendSockets": func() { socks = ipv4Table(t).AppendSockets(socks[:0]) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			require.Zero(t, testing.AllocsPerRun(50, f))
		})
	}
}

var ipv4 tcpmib.Table

// ipv4Table returns a table of another layout than the headline one,
// whose bulk decoders take the other loop.
func ipv4Table(t *testing.T) tcpmib.Table {
	if ipv4.Len() == 0 {
		var err error
		ipv4, err = tcpmib.IPv4OwnerPID.Parse(mustFixture(t, "tcp4-ownerpid"))
		require.NoError(t, err)
	}
	return ipv4
}

func ipv4Sockets(t *testing.T) {
	for _, s := range ipv4Table(t).Sockets() {
		sinkU32 += s.PID
	}
}

// TestParseErrorAllocs checks that a hostile count costs one allocation, the
// error, whatever its value.
func TestParseErrorAllocs(t *testing.T) {
	for _, name := range []string{"tcp6-count-max", "tcp6-count-overflow", "tcp6-truncated-header"} {
		b := mustFixture(t, name)
		allocs := testing.AllocsPerRun(50, func() { sinkTable, sinkErr = tcpmib.Parse(b) })
		require.Equal(t, 1.0, allocs, name)
	}
}
