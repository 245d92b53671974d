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
	sinkEntry tcpmib.Entry
	sinkErr   error
)

// TestNoAllocs proves every "does not allocate" in the documentation.
func TestNoAllocs(t *testing.T) {
	b := workstation()
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	r := tab.Row(3)
	entries := make([]tcpmib.Entry, 0, tab.Len())
	withTime := r.Decode()
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
		"Decode":          func() { sinkEntry = r.Decode() },
		"AppendEntries":   func() { entries = tab.AppendEntries(entries[:0]) },
		"Entry.Created":   func() { sinkTime = withTime.Created() },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			require.Zero(t, testing.AllocsPerRun(50, f))
		})
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
