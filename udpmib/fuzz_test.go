package udpmib_test

import (
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/udpmib"
)

// FuzzParseTable checks the invariants of tcpmib's target on every UDP
// layout: a truncation error that is right about the length, or views that
// agree with their decoded values and an encoding that gives the canonical
// input back.
func FuzzParseTable(f *testing.F) {
	for _, fx := range fixtures.All() {
		if fx.Proto == "udp" {
			l, err := udpmib.LayoutOf(netmib.Family(fx.Family), udpmib.Class(fx.Class))
			require.NoError(f, err)
			f.Add(fx.Bytes(), uint8(l-1))
		}
	}
	layouts := udpmib.Layouts()
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		l := layouts[int(which)%len(layouts)]
		s := sdkOf(l)
		tab, err := l.Parse(b)
		if err != nil {
			require.ErrorIs(t, err, netmib.ErrTruncated)
			var fe *netmib.FormatError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, int64(len(b)), fe.Have)
			if len(b) >= s.HeaderSize {
				count := binary.LittleEndian.Uint32(b)
				require.Equal(t, int64(s.HeaderSize)+int64(count)*int64(s.RowSize), fe.Want)
				require.Greater(t, uint64(count), uint64(len(b)-s.HeaderSize)/uint64(s.RowSize))
			}
			return
		}
		n := tab.Len()
		require.Equal(t, binary.LittleEndian.Uint32(b), uint32(n))
		entries := tab.AppendSockets(nil)
		for i, r := range tab.All() {
			e := entries[i]
			view := netmib.Socket{
				Proto: netmib.UDP, Family: l.Family(), Known: r.Fields(),
				Local: r.Local(), LocalScopeID: r.LocalScopeID(), PID: r.PID(),
				CreateTimestamp: r.CreateTimestamp(), Flags: r.Flags(), ModuleInfo: r.ModuleInfo(),
			}
			if view != e || r.Socket() != e || tab.Row(i).Socket() != e {
				t.Fatalf("row %d: view %+v, decoded %+v", i, view, e)
			}
			if r.SpecificPortBind() != e.SpecificPortBind() || !r.Created().Equal(e.Created()) || r.ServiceTag() != e.ServiceTag() {
				t.Fatalf("row %d: derived values disagree", i)
			}
		}
		i := 0
		for j, e := range tab.Sockets() {
			if j != i || e != entries[i] {
				t.Fatalf("Sockets row %d: %+v, AppendSockets %+v", j, e, entries[i])
			}
			i++
		}
		if n > 0 {
			j, err := json.Marshal(entries[0])
			require.NoError(t, err)
			checkCreated(t, j)
			var back netmib.Socket
			require.NoError(t, json.Unmarshal(j, &back), string(j))
			require.Equal(t, entries[0], back)
		}
		enc, err := l.AppendTable(nil, entries)
		require.NoError(t, err)
		require.Equal(t, canonical(s, b, n), enc)
		again, err := l.Parse(enc)
		require.NoError(t, err)
		require.Equal(t, entries, again.AppendSockets(nil))
		if err := l.Check(enc); err != nil {
			require.ErrorIs(t, err, netmib.ErrMismatch)
		}
	})
}
