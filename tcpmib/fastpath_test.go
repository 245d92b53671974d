package tcpmib

import (
	"math/rand/v2"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
)

// TestFastPathMatchesLayout checks that the constants Row reads a
// MIB_TCP6ROW_OWNER_MODULE row at are the offsets of its entry in the
// layout table, and that every accessor's fast path reads what the layout
// table's path reads, on random rows.
func TestFastPathMatchesLayout(t *testing.T) {
	l := &layouts[IPv6OwnerModule]
	require.Equal(t, []int{
		l.RowSize, l.LocalAddr, l.LocalScopeID, l.LocalPort, l.RemoteAddr, l.RemoteScopeID, l.RemotePort,
		l.State, l.PID, l.CreateTimestamp, l.ModuleInfo,
	}, []int{
		fastRowSize, fastLocalAddr, fastLocalScopeID, fastLocalPort, fastRemoteAddr, fastRemoteScopeID, fastRemotePort,
		fastState, fastPID, fastCreateTimestamp, fastModuleInfo,
	})
	for _, other := range Layouts() {
		if other != IPv6OwnerModule {
			require.NotEqual(t, fastRowSize, other.RowSize(), "the row size alone must identify the fast layout")
		}
	}

	rng := rand.New(rand.NewPCG(3, 4))
	row := make([]byte, fastRowSize)
	for range 500 {
		for i := range row {
			row[i] = byte(rng.Uint32())
		}
		r := Row{b: row, layout: IPv6OwnerModule}
		require.Equal(t, local(r), r.Local())
		require.Equal(t, remote(r), r.Remote())
		require.Equal(t, mib.DWORD(row, l.LocalScopeID), r.LocalScopeID())
		require.Equal(t, mib.DWORD(row, l.RemoteScopeID), r.RemoteScopeID())
		require.Equal(t, mib.DWORD(row, l.State), uint32(r.State()))
		require.Equal(t, mib.DWORD(row, l.PID), r.PID())
		require.Equal(t, mib.Int64(row, l.CreateTimestamp), r.CreateTimestamp())
		require.Equal(t, mib.Time(mib.Int64(row, l.CreateTimestamp)), r.Created())
		require.Equal(t, netmib.ModuleInfo(mib.ModuleInfo(row, l.ModuleInfo)), r.ModuleInfo())
		require.Equal(t, mib.DWORD(row, l.ModuleInfo), r.ServiceTag())
		require.Equal(t, Offload{}, r.Offload(), "MIB_TCP6ROW_OWNER_MODULE has no offload state")
	}
}

// TestAccessorsInline asks the compiler whether it inlines every Row
// accessor: Local, Remote and Created stay within its budget only because
// they call their slow path through call (see row.go), and a loop over All
// that calls accessors which are not inlined runs much slower. It fails
// when a change to the code or to the compiler's heuristics stops one.
func TestAccessorsInline(t *testing.T) {
	goCmd, err := exec.LookPath("go") // go test puts its own first in PATH
	if err != nil {
		t.Skipf("no go command to ask (%v)", err)
	}
	out, err := exec.Command(goCmd, "build", "-gcflags=-m", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, name := range []string{
		"Local", "Remote", "LocalScopeID", "RemoteScopeID", "State", "PID",
		"CreateTimestamp", "Created", "ModuleInfo", "ServiceTag", "Offload",
	} {
		re := regexp.MustCompile(`(?m)^\S+row\.go:\d+:\d+: can inline Row\.` + name + `$`)
		require.Regexp(t, re, string(out), "Row.%s is no longer inlined", name)
	}
}

// TestLayoutTable checks every entry of the layout table for members
// outside the row or overlapping each other.
func TestLayoutTable(t *testing.T) {
	for _, l := range Layouts() {
		require.NoError(t, l.desc().Check())
		require.Equal(t, l, Layout(len(layouts[:l]))) // entries sit at their Layout's index
	}
	require.Empty(t, mib.None.Members(), "the zero layout has no members")
}
