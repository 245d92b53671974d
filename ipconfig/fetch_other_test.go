//go:build !windows

package ipconfig_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/ipconfig"
)

func TestFetchUnsupported(t *testing.T) {
	for _, k := range ipconfig.Kinds() {
		b, err := ipconfig.AppendFetch([]byte("kept"), k)
		require.ErrorIs(t, err, errors.ErrUnsupported)
		require.Contains(t, err.Error(), k.Function())
		require.Equal(t, "kept", string(b))
	}
	_, err := ipconfig.AppendFetch(nil, 0)
	require.Error(t, err)
}
