package tcpmib_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/internal/sdk"
	"github.com/netmib/netmib/tcpmib"
)

// canonical returns what the encoder writes for the table in b, of the
// layout s describes: the header and declared rows, with the bytes a
// producer may leave uninitialised (the header padding, the upper halves of
// the port DWORDs and any padding inside a row) zeroed.
func canonical(s sdk.Layout, b []byte, n int) []byte {
	out := bytes.Clone(b[:s.HeaderSize+s.RowSize*n])
	clear(out[4:s.HeaderSize])
	for i := range n {
		row := out[s.HeaderSize+s.RowSize*i:][:s.RowSize]
		for _, port := range []sdk.Role{sdk.LocalPort, sdk.RemotePort} {
			if f, ok := s.Fields[port]; ok {
				clear(row[f.Off+2 : f.Off+4])
			}
		}
		for _, off := range s.Holes() {
			row[off] = 0
		}
	}
	return out
}

// addFixtureSeeds adds every TCP fixture, with the index of its layout.
func addFixtureSeeds(f *testing.F) {
	for _, fx := range fixtures.All() {
		if fx.Proto != "tcp" {
			continue
		}
		l, err := fixtureLayout(fx)
		require.NoError(f, err, fx.Name)
		f.Add(fx.Bytes(), uint8(l-1))
	}
}

// FuzzParseTable checks, on any input and every layout, that ParseTable
// either rejects the input with a truncation error that is right about the
// length, or returns a table whose views agree with their decoded values and
// whose every significant byte survives decoding: encoding the entries gives
// the canonical input back.
func FuzzParseTable(f *testing.F) {
	addFixtureSeeds(f)
	layouts := tcpmib.Layouts()
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		l := layouts[int(which)%len(layouts)]
		s := sdkOf(l)
		tab, err := l.Parse(b)
		if err != nil {
			require.ErrorIs(t, err, netmib.ErrTruncated)
			var fe *netmib.FormatError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, int64(len(b)), fe.Have)
			require.Greater(t, fe.Want, int64(len(b)))
			if len(b) >= s.HeaderSize {
				count := binary.LittleEndian.Uint32(b)
				require.Equal(t, count, fe.Count)
				require.Equal(t, int64(s.HeaderSize)+int64(count)*int64(s.RowSize), fe.Want)
				require.Greater(t, uint64(count), uint64(len(b)-s.HeaderSize)/uint64(s.RowSize))
			} else {
				require.Equal(t, int64(-1), fe.Row)
			}
			return
		}
		n := tab.Len()
		require.Equal(t, l, tab.Layout())
		require.Equal(t, binary.LittleEndian.Uint32(b), uint32(n))
		require.LessOrEqual(t, s.HeaderSize+s.RowSize*n, len(b))

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
				ModuleInfo: r.ModuleInfo(), Offload: r.Offload(),
			}
			if e.Offload.Known != s.Has(sdk.OffloadState) {
				t.Fatalf("row %d: offload state known %v in a %v table", i, e.Offload.Known, l)
			}
			if view != e || r.Decode() != e || tab.Row(i).Decode() != e {
				t.Fatalf("row %d: view %+v, decoded %+v", i, view, e)
			}
			if !r.Created().Equal(e.Created()) || r.ServiceTag() != e.ModuleInfo.ServiceTag() {
				t.Fatalf("row %d: Created or ServiceTag disagree", i)
			}
			if e.Local.Addr().Is6() != s.IPv6 {
				t.Fatalf("row %d: address family %v in a %v table", i, e.Local, l)
			}
		}
		if n > 0 { // JSON is slower; one row per input suffices
			j, err := json.Marshal(entries[0])
			require.NoError(t, err)
			checkCreated(t, j)
			var back tcpmib.Entry
			require.NoError(t, json.Unmarshal(j, &back), string(j))
			require.Equal(t, entries[0], back)
		}

		// decode(encode(x)) == x, and encode(decode(b)) is b made canonical.
		enc, err := l.AppendTable(nil, entries)
		require.NoError(t, err)
		require.Equal(t, canonical(s, b, n), enc)
		again, err := l.Parse(enc)
		require.NoError(t, err)
		require.Equal(t, entries, again.AppendEntries(nil))
		if l == tcpmib.IPv6OwnerModule {
			require.Equal(t, enc, mustAppend(entries))
			p, err := tcpmib.Parse(b)
			require.NoError(t, err)
			require.Equal(t, entries, p.AppendEntries(nil))
		}
	})
}

// FuzzEntryUnmarshal checks that whatever JSON UnmarshalJSON accepts, it
// marshals to a form that reads back to the same entry.
func FuzzEntryUnmarshal(f *testing.F) {
	for _, fx := range fixtures.All() {
		if !fx.Valid || fx.Proto != "tcp" {
			continue
		}
		l, err := fixtureLayout(fx)
		require.NoError(f, err)
		tab, err := l.Parse(fx.Bytes())
		require.NoError(f, err)
		for _, r := range tab.All() {
			j, err := json.Marshal(r.Decode())
			require.NoError(f, err)
			f.Add(j)
		}
	}
	f.Add([]byte(`{"state":"SynReceived","created":"2024-01-01T00:00:00Z","service_tag":3}`))
	f.Add([]byte(`{"create_timestamp":9223372036854775807,"created":null}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var e tcpmib.Entry
		if err := e.UnmarshalJSON(in); err != nil {
			require.ErrorIs(t, err, netmib.ErrInvalidEntry)
			return
		}
		j, err := json.Marshal(e)
		require.NoError(t, err)
		checkCreated(t, j)
		var back tcpmib.Entry
		require.NoError(t, json.Unmarshal(j, &back), string(j))
		require.Equal(t, e, back)
	})
}

// checkCreated fails unless the created key of the JSON entry j is null or
// RFC 3339 text that time.Parse reads.
func checkCreated(t *testing.T, j []byte) {
	var m struct{ Created *string }
	require.NoError(t, json.Unmarshal(j, &m))
	if m.Created != nil {
		_, err := time.Parse(time.RFC3339Nano, *m.Created)
		require.NoError(t, err, "created %q", *m.Created)
	}
}
