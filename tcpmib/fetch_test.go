package tcpmib_test

import (
	"errors"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/tcpmib"
)

func TestFamilyAndClassValues(t *testing.T) {
	// The numbers are the Windows ABI: spell them out.
	require.Equal(t, netmib.Family(2), netmib.IPv4)
	require.Equal(t, netmib.Family(23), netmib.IPv6)
	classes := []tcpmib.Class{
		tcpmib.BasicListener, tcpmib.BasicConnections, tcpmib.BasicAll,
		tcpmib.OwnerPIDListener, tcpmib.OwnerPIDConnections, tcpmib.OwnerPIDAll,
		tcpmib.OwnerModuleListener, tcpmib.OwnerModuleConnections, tcpmib.OwnerModuleAll,
	}
	for i, c := range classes {
		require.Equal(t, tcpmib.Class(i), c)
	}
	require.Equal(t, "IPv6", netmib.IPv6.String())
	require.Equal(t, "IPv4", netmib.IPv4.String())
	require.Equal(t, "Family(7)", netmib.Family(7).String())
	require.Equal(t, "OwnerModuleAll", tcpmib.OwnerModuleAll.String())
	require.Equal(t, "BasicListener", tcpmib.BasicListener.String())
	require.Equal(t, "Class(9)", tcpmib.Class(9).String())
}

func TestFetchUnsupportedElsewhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the live tests in fetch_windows_test.go cover Windows")
	}
	dst := []byte("keep")
	got, err := tcpmib.AppendFetch(dst, netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.Contains(t, err.Error(), "tcpmib: GetExtendedTcpTable")
	require.Equal(t, "keep", string(got))

	_, err = tcpmib.AppendFetchTable2(dst, netmib.IPv4, false)
	require.ErrorIs(t, err, errors.ErrUnsupported)

	s := of(tcpmib.IPv6OwnerModule, netmib.Socket{PID: 4})
	_, err = tcpmib.LookupModule(&s)
	require.ErrorIs(t, err, errors.ErrUnsupported)
}

func TestLookupModuleNeedsModuleInfo(t *testing.T) {
	for _, l := range []tcpmib.Layout{tcpmib.IPv6Basic, tcpmib.IPv6OwnerPID, tcpmib.IPv6Table2} {
		s := of(l, netmib.Socket{PID: 4})
		_, err := tcpmib.LookupModule(&s)
		require.ErrorIs(t, err, netmib.ErrUnrepresentable, l.String())
	}
}

func TestLookupModulePIDZero(t *testing.T) {
	s := of(tcpmib.IPv6OwnerModule, netmib.Socket{})
	_, err := tcpmib.LookupModule(&s)
	if runtime.GOOS != "windows" {
		require.ErrorIs(t, err, errors.ErrUnsupported, "the platform comes first")
		return
	}
	// fetch_windows_test.go covers Windows, where Wine has no such export.
	if !errors.Is(err, errors.ErrUnsupported) {
		require.ErrorIs(t, err, syscall.Errno(1168))
		require.Contains(t, err.Error(), "tcpmib: GetOwnerModuleFromPidAndInfo: PID 0")
	}
}
