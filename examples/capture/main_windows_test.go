package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/snapshot"
)

// TestLiveCapture writes a snapshot of this host and reads it back.
func TestLiveCapture(t *testing.T) {
	name := filepath.Join(os.TempDir(), "netmib-live-capture-test.json")
	t.Cleanup(func() { os.Remove(name) })
	code, out, errOut := runCapture(snapshot.Take, "-o", name)
	require.Equal(t, 0, code, errOut)
	require.Equal(t, name+"\n", out)
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	s, err := snapshot.Read(bytes.NewReader(b))
	require.NoError(t, err)
	require.Len(t, s.Tables, 4)
	require.NotEmpty(t, s.Host.Name)
}
