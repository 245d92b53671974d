package udpmib_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/udpmib"
)

func TestFetchUnsupportedElsewhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("fetch_windows_test.go covers Windows")
	}
	got, err := udpmib.AppendFetch([]byte("keep"), netmib.IPv6, udpmib.OwnerModule, false)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.Contains(t, err.Error(), "udpmib: GetExtendedUdpTable")
	require.Equal(t, "keep", string(got))
	s := of(udpmib.IPv6OwnerModule, netmib.Socket{PID: 4})
	_, err = udpmib.LookupModule(&s)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.True(t, strings.HasPrefix(err.Error(), "udpmib: GetOwnerModuleFromPidAndInfo"), err.Error())
	s = of(udpmib.IPv6OwnerPID, netmib.Socket{PID: 4})
	_, err = udpmib.LookupModule(&s)
	require.ErrorIs(t, err, netmib.ErrUnrepresentable, "a table without module info")
}
