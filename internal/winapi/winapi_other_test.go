//go:build !windows

package winapi

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestUnsupportedElsewhere(t *testing.T) {
	require.False(t, Supported)
	dst := []byte("keep")
	got, err := AppendTCPTable(dst, 23, 8, false, Layout{8, 192})
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.Equal(t, "keep", string(got))
	_, err = AppendUDPTable(nil, 23, 2, false, Layout{8, 176})
	require.ErrorIs(t, err, errors.ErrUnsupported)
	_, _, err = OwnerModule(4, &[128]byte{})
	require.ErrorIs(t, err, errors.ErrUnsupported)
	_, err = ServiceName(1188, 11)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	_, _, err = ProcessImage(1188)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	_, _, _, err = Version()
	require.ErrorIs(t, err, errors.ErrUnsupported)
	_, wine := WineVersion()
	require.False(t, wine)
}
