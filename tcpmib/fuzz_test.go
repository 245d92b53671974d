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
		socks := tab.AppendSockets(nil)
		require.Len(t, socks, n)
		for i, r := range tab.All() {
			e := socks[i]
			view := netmib.Socket{
				Proto: netmib.TCP, Family: l.Family(), Known: r.Fields(),
				Local: r.Local(), Remote: r.Remote(),
				LocalScopeID: r.LocalScopeID(), RemoteScopeID: r.RemoteScopeID(),
				State: r.State(), PID: r.PID(), CreateTimestamp: r.CreateTimestamp(),
				ModuleInfo: r.ModuleInfo(), OffloadState: r.OffloadState(),
			}
			if e.Has(netmib.FieldOffloadState) != s.Has(sdk.OffloadState) || e.Has(netmib.FieldPID) != s.Has(sdk.PID) ||
				e.Has(netmib.FieldModuleInfo) != s.Has(sdk.ModuleInfo) || e.Has(netmib.FieldScopeIDs) != s.IPv6 {
				t.Fatalf("row %d: members %#x in a %v table", i, e.Known, l)
			}
			if view != e || r.Socket() != e || tab.Row(i).Socket() != e {
				t.Fatalf("row %d: view %+v, decoded %+v", i, view, e)
			}
			if !r.Created().Equal(e.Created()) || r.ServiceTag() != e.ModuleInfo.ServiceTag() {
				t.Fatalf("row %d: Created or ServiceTag disagree", i)
			}
			if e.Local.Addr().Is6() != s.IPv6 {
				t.Fatalf("row %d: address family %v in a %v table", i, e.Local, l)
			}
		}
		i := 0
		for j, e := range tab.Sockets() {
			if j != i || e != socks[i] {
				t.Fatalf("Sockets row %d: %+v, AppendSockets %+v", j, e, socks[i])
			}
			i++
		}
		if n > 0 { // JSON is slower; one row per input suffices
			j, err := json.Marshal(socks[0])
			require.NoError(t, err)
			checkCreated(t, j)
			var back netmib.Socket
			require.NoError(t, json.Unmarshal(j, &back), string(j))
			require.Equal(t, socks[0], back)
		}

		// decode(encode(x)) == x, and encode(decode(b)) is b made canonical.
		enc, err := l.AppendTable(nil, socks)
		require.NoError(t, err)
		require.Equal(t, canonical(s, b, n), enc)
		again, err := l.Parse(enc)
		require.NoError(t, err)
		require.Equal(t, socks, again.AppendSockets(nil))
		if l == tcpmib.IPv6OwnerModule {
			require.Equal(t, enc, mustAppend(socks))
			p, err := tcpmib.Parse(b)
			require.NoError(t, err)
			require.Equal(t, socks, p.AppendSockets(nil))
		}
		// The strict check accepts what the encoder writes but for values
		// outside their enumerations and addresses outside assigned space.
		if err := l.Check(enc); err != nil {
			require.ErrorIs(t, err, netmib.ErrMismatch)
		}
	})
}

// checkCreated fails unless the created key of the JSON socket j is null or
// RFC 3339 text that time.Parse reads.
func checkCreated(t *testing.T, j []byte) {
	var m struct{ Created *string }
	require.NoError(t, json.Unmarshal(j, &m))
	if m.Created != nil {
		_, err := time.Parse(time.RFC3339Nano, *m.Created)
		require.NoError(t, err, "created %q", *m.Created)
	}
}
