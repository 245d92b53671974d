package state_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/state"
)

func TestOffloadState(t *testing.T) {
	for s, name := range map[state.OffloadState]string{
		state.InHost: "InHost", state.Offloading: "Offloading", state.Offloaded: "Offloaded", state.Uploading: "Uploading",
		4: "OffloadState(4)", 0xffffffff: "OffloadState(4294967295)",
	} {
		require.Equal(t, name, s.String())
		require.Equal(t, s < 4, s.Valid())
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back state.OffloadState
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, s, back)
	}
	for in, want := range map[string]state.OffloadState{
		"inhost": state.InHost, "OFFLOADED": state.Offloaded, "TcpConnectionOffloadStateUploading": state.Uploading,
		"tcpconnectionoffloadstateinhost": state.InHost, "OffloadState(7)": 7, "offloadstate(7)": 7,
	} {
		got, err := state.ParseOffloadState(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "Max", "OffloadState()", "OffloadState(-1)", "OffloadState(07)", "OffloadState(4294967296)", "OffloadState(1", "TcpConnectionOffloadState"} {
		_, err := state.ParseOffloadState(bad)
		require.ErrorIs(t, err, state.ErrUnknownOffloadName, bad)
	}
	var s state.OffloadState
	require.Error(t, s.UnmarshalText([]byte("evil\n")))
}
