package ipconfig_test

import (
	"errors"
	"net/netip"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/ipconfig"
)

// TestLiveTables fetches the four tables of this host (under Wine in CI:
// the Linux host's interfaces) and checks what every host has: a loopback
// interface with 127.0.0.1 and ::1 on it. internal/cmd/winecheck compares
// the rest with the Linux host's own view.
func TestLiveTables(t *testing.T) {
	b, err := ipconfig.AppendFetch([]byte("kept"), ipconfig.Interfaces)
	require.NoError(t, err)
	require.Equal(t, "kept", string(b[:4]), "AppendFetch appends")
	b = b[4:]
	require.NoError(t, ipconfig.Interfaces.Check(b), "exactly the header and the rows")
	ifs, err := ipconfig.ParseInterfaces(b)
	require.NoError(t, err)
	loopback := uint32(0)
	for _, r := range ifs.All() {
		if r.Type() == ipconfig.IfTypeSoftwareLoopback {
			loopback = r.Index()
		}
	}
	require.NotZero(t, loopback, "a loopback interface")

	b, err = ipconfig.AppendFetch(nil, ipconfig.Addresses)
	require.NoError(t, err)
	require.NoError(t, ipconfig.Addresses.Check(b))
	addrs, err := ipconfig.ParseAddresses(b)
	require.NoError(t, err)
	found := map[netip.Addr]bool{}
	for _, r := range addrs.All() {
		a := r.Address()
		if a.InterfaceIndex == loopback {
			found[a.Address.Addr] = true
		}
	}
	require.True(t, found[netip.MustParseAddr("127.0.0.1")], "127.0.0.1 on the loopback interface")
	require.True(t, found[netip.IPv6Loopback()], "::1 on the loopback interface")

	b, err = ipconfig.AppendFetch(nil, ipconfig.Routes)
	require.NoError(t, err)
	require.NoError(t, ipconfig.Routes.Check(b))

	// Wine 8 and 10 return ERROR_INVALID_FUNCTION here (docs/wire.md §9);
	// Windows returns the table.
	b, err = ipconfig.AppendFetch([]byte("kept"), ipconfig.Neighbors)
	if err != nil {
		var errno syscall.Errno
		require.True(t, errors.As(err, &errno), "the Windows error code: %v", err)
		require.Equal(t, "kept", string(b), "dst unchanged on failure")
		t.Logf("GetIpNetTable2: %v (errno %d)", err, uint32(errno))
		return
	}
	require.NoError(t, ipconfig.Neighbors.Check(b[4:]))
}
