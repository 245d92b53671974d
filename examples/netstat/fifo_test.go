//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInputFromPipe reads -in from a named pipe, as a shell's <(...) gives
// one: a file that is not regular has no size to check, and must still be
// read, not standard input in its place.
func TestInputFromPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "snapshot.fifo")
	require.NoError(t, syscall.Mkfifo(path, 0o600))
	data := mustBytes(t, "wine-snapshot")
	done := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err == nil {
			_, err = f.Write(data)
			f.Close()
		}
		done <- err
	}()
	code, out, errOut := runNetstat(t, nil, "-in", path)
	require.NoError(t, <-done)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "LISTEN")
}
