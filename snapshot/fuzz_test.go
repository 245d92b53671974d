package snapshot_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/snapshot"
)

// FuzzRead checks that Read never panics, and that whatever it accepts
// writes to a file that reads back to the same snapshot, byte for byte on
// a second write.
func FuzzRead(f *testing.F) {
	for _, fx := range fixtures.All() {
		if fx.Kind == fixtures.KindSnapshot {
			f.Add(fx.Bytes())
		}
	}
	var buf bytes.Buffer
	require.NoError(f, snapshot.Write(&buf, sample(f)))
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema":"netmib.snapshot","version":2,"taken":"2026-01-01T00:00:00Z","host":{"name":"","windows":"","wine":""},"tables":[],"network":[],"processes":[],"services":[],"owners":[]}`))
	for _, h := range hostileFiles(256) { // nesting and type confusion
		f.Add(h.in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := snapshot.Read(bytes.NewReader(in))
		if err != nil {
			require.Nil(t, s)
			require.Less(t, len(err.Error()), 400, "an error is one short line: %v", err)
			require.NotContains(t, err.Error(), "\n")
			return
		}
		var first bytes.Buffer
		require.NoError(t, snapshot.Write(&first, s))
		back, err := snapshot.Read(bytes.NewReader(first.Bytes()))
		require.NoError(t, err)
		if diff := cmp.Diff(s, back, cmpAddrs); diff != "" {
			t.Fatalf("Read(Write(s)) differs (-s +back):\n%s", diff)
		}
		var second bytes.Buffer
		require.NoError(t, snapshot.Write(&second, back))
		require.Equal(t, first.String(), second.String())
		for sock := range s.Sockets() { // every table parses: Read checked it
			_, err := json.Marshal(sock)
			require.NoError(t, err)
		}
	})
}
