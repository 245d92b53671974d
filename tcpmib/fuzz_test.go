package tcpmib_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/tcpmib"
)

// canonical returns what the encoder writes for the table in b: the header
// and declared rows, with the bytes a producer may leave uninitialised (the
// header padding and the upper halves of the port DWORDs) zeroed.
func canonical(b []byte, n int) []byte {
	out := bytes.Clone(b[:8+192*n])
	clear(out[4:8])
	for i := range n {
		row := out[8+192*i:]
		clear(row[22:24])
		clear(row[46:48])
	}
	return out
}

func addFixtureSeeds(f *testing.F) {
	for _, fx := range fixtures.All() {
		if fx.Proto == "tcp" && fx.Family == fixtures.AFInet6 {
			f.Add(fx.Bytes())
		}
	}
}

// FuzzParse checks, on any input, that Parse either rejects it with a
// truncation error that is right about the length, or returns a table whose
// views agree with their decoded values and whose every significant byte
// survives decoding: encoding the entries gives the canonical input back.
func FuzzParse(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := tcpmib.Parse(b)
		if err != nil {
			require.ErrorIs(t, err, tcpmib.ErrTruncated)
			var fe *tcpmib.FormatError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, int64(len(b)), fe.Have)
			require.Greater(t, fe.Want, int64(len(b)))
			if len(b) >= 8 {
				count := binary.LittleEndian.Uint32(b)
				require.Equal(t, count, fe.Count)
				require.Equal(t, 8+int64(count)*192, fe.Want)
				require.Greater(t, uint64(count), uint64(len(b)-8)/192)
			} else {
				require.Equal(t, int64(-1), fe.Row)
			}
			return
		}
		n := tab.Len()
		require.Equal(t, binary.LittleEndian.Uint32(b), uint32(n))
		require.LessOrEqual(t, 8+192*n, len(b))

		// Plain comparisons, not require: this loop runs for every row of
		// every input, and the fuzzer's minimiser reruns inputs thousands of times.
		entries := tab.AppendEntries(nil)
		require.Len(t, entries, n)
		for i, r := range tab.All() {
			e := entries[i]
			view := tcpmib.Entry{
				Local: r.Local(), Remote: r.Remote(),
				LocalScopeID: r.LocalScopeID(), RemoteScopeID: r.RemoteScopeID(),
				State: r.State(), PID: r.PID(), CreateTimestamp: r.CreateTimestamp(),
				ModuleInfo: r.ModuleInfo(),
			}
			if view != e || r.Decode() != e || tab.Row(i).Decode() != e {
				t.Fatalf("row %d: view %+v, decoded %+v", i, view, e)
			}
			if !r.Created().Equal(e.Created()) || r.ServiceTag() != uint32(e.ModuleInfo[0]) {
				t.Fatalf("row %d: Created or ServiceTag disagree", i)
			}
		}
		if n > 0 { // JSON is slower; one row per input suffices
			j, err := json.Marshal(entries[0])
			require.NoError(t, err)
			var back tcpmib.Entry
			require.NoError(t, json.Unmarshal(j, &back), string(j))
			require.Equal(t, entries[0], back)
		}

		// decode(encode(x)) == x, and encode(decode(b)) is b made canonical.
		enc := tcpmib.AppendTable(nil, entries)
		require.Equal(t, canonical(b, n), enc)
		again, err := tcpmib.Parse(enc)
		require.NoError(t, err)
		require.Equal(t, entries, again.AppendEntries(nil))
	})
}

// FuzzEntryUnmarshal checks that whatever JSON UnmarshalJSON accepts, it
// marshals to a form that reads back to the same entry.
func FuzzEntryUnmarshal(f *testing.F) {
	for _, fx := range fixtures.All() {
		if !fx.Valid || fx.Proto != "tcp" || fx.Family != fixtures.AFInet6 {
			continue
		}
		tab, err := tcpmib.Parse(fx.Bytes())
		require.NoError(f, err)
		for _, r := range tab.All() {
			j, err := json.Marshal(r.Decode())
			require.NoError(f, err)
			f.Add(j)
		}
	}
	f.Add([]byte(`{"state":"SynReceived","created":"2024-01-01T00:00:00Z","service_tag":3}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var e tcpmib.Entry
		if err := e.UnmarshalJSON(in); err != nil {
			require.ErrorIs(t, err, tcpmib.ErrInvalidEntry)
			return
		}
		j, err := json.Marshal(e)
		require.NoError(t, err)
		var back tcpmib.Entry
		require.NoError(t, json.Unmarshal(j, &back), string(j))
		require.Equal(t, e, back)
	})
}
