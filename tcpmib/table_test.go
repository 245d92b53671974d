package tcpmib_test

import (
	"encoding/binary"
	"errors"
	"math"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

var cmpAddrs = cmpopts.EquateComparable(netip.Addr{}, netip.AddrPort{})

// header returns a buffer of n bytes whose dwNumEntries is count.
func header(count uint32, n int) []byte {
	b := make([]byte, n)
	if n >= 4 {
		binary.LittleEndian.PutUint32(b, count)
	}
	return b
}

func TestParseLengths(t *testing.T) {
	tests := []struct {
		name    string
		buf     []byte
		wantLen int
		wantErr *netmib.FormatError // fields only; the unexported ones are not compared
		wantMsg string
	}{
		{name: "nil", buf: nil,
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 0, Row: -1, Want: 8, Have: 0},
			wantMsg: "netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: header needs 8 bytes, buffer has 0"},
		{name: "3 bytes", buf: []byte{1, 0, 0},
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 0, Row: -1, Want: 8, Have: 3},
			wantMsg: "netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: header needs 8 bytes, buffer has 3"},
		{name: "count without padding", buf: header(0, 4),
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 4, Row: -1, Want: 8, Have: 4},
			wantMsg: "netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: header needs 8 bytes, buffer has 4"},
		{name: "7 bytes", buf: header(0, 7),
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 4, Row: -1, Want: 8, Have: 7}},
		{name: "empty table", buf: header(0, 8), wantLen: 0},
		{name: "empty table with slack", buf: header(0, 8+191), wantLen: 0},
		{name: "one row", buf: header(1, 8+192), wantLen: 1},
		{name: "one row, one byte short", buf: header(1, 8+191),
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 8, Row: 0, Count: 1, Want: 200, Have: 199},
			wantMsg: "netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 1 needs 200 bytes, buffer has 199 (row 0 at offset 8 is incomplete)"},
		{name: "Windows 7 slack, n*192+12", buf: header(3, 3*192+12), wantLen: 3},
		{name: "ten rows of slack", buf: header(3, 8+13*192), wantLen: 3},
		{name: "three rows, last incomplete", buf: header(3, 8+2*192+100),
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 392, Row: 2, Count: 3, Want: 584, Have: 492}},
		{name: "count max", buf: header(math.MaxUint32, 8+192),
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 200, Row: 1, Count: math.MaxUint32, Want: 8 + math.MaxUint32*192, Have: 200},
			wantMsg: "netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 4294967295 needs 824633720648 bytes, buffer has 200 (row 1 at offset 200 is incomplete)"},
		{name: "count whose product wraps uint32", buf: header(0x01555556, 8+192), // 0x01555556*192 = 2^32+...; must still be rejected
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 200, Row: 1, Count: 0x01555556, Want: 8 + 0x01555556*192, Have: 200}},
		{name: "count high bit", buf: header(1<<31, 8),
			wantErr: &netmib.FormatError{Table: "MIB_TCP6TABLE_OWNER_MODULE", Off: 8, Row: 0, Count: 1 << 31, Want: 8 + (1<<31)*192, Have: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := tcpmib.Parse(tt.buf)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, tt.wantLen, tab.Len())
				require.Equal(t, tcpmib.IPv6OwnerModule, tab.Layout())
				return
			}
			require.ErrorIs(t, err, netmib.ErrTruncated)
			var fe *netmib.FormatError
			require.ErrorAs(t, err, &fe)
			got := netmib.FormatError{Table: fe.Table, Off: fe.Off, Row: fe.Row, Count: fe.Count, Want: fe.Want, Have: fe.Have}
			require.Equal(t, *tt.wantErr, got)
			if tt.wantMsg != "" {
				require.Equal(t, tt.wantMsg, err.Error())
			}
			require.Zero(t, tab.Len())
			require.Equal(t, tcpmib.Table{}, tab)
		})
	}
}

func TestParseUnknownLayout(t *testing.T) {
	for _, l := range []tcpmib.Layout{0, 200} {
		_, err := l.Parse(header(0, 8))
		require.ErrorIs(t, err, netmib.ErrUnknownLayout)
		_, err = l.AppendTable(nil, nil)
		require.ErrorIs(t, err, netmib.ErrUnknownLayout)
		require.Zero(t, l.RowSize())
		require.Zero(t, l.HeaderSize())
		require.Contains(t, l.String(), "Layout(")
	}
	require.Equal(t, "MIB_TCP6TABLE_OWNER_MODULE", tcpmib.IPv6OwnerModule.String())
	require.Equal(t, 192, tcpmib.IPv6OwnerModule.RowSize())
	require.Equal(t, 8, tcpmib.IPv6OwnerModule.HeaderSize())
}

func TestErrorsAreDistinct(t *testing.T) {
	_, err := tcpmib.Parse(nil)
	require.False(t, errors.Is(err, netmib.ErrUnknownLayout))
	require.False(t, errors.Is(err, netmib.ErrInvalidSocket))
}

// of returns s as a socket of layout l: with its protocol, family and
// the members it carries.
func of(l tcpmib.Layout, s netmib.Socket) netmib.Socket {
	s.Proto, s.Family, s.Known = netmib.TCP, l.Family(), l.Fields()
	return s
}

// v6 returns s as a socket of MIB_TCP6TABLE_OWNER_MODULE.
func v6(s netmib.Socket) netmib.Socket { return of(tcpmib.IPv6OwnerModule, s) }

func sampleSockets() []netmib.Socket {
	return []netmib.Socket{
		v6(netmib.Socket{
			Local: netip.MustParseAddrPort("[fe80::1]:445"), LocalScopeID: 12,
			Remote: netip.MustParseAddrPort("[fe80::2]:50000"), RemoteScopeID: 12,
			State: state.Established, PID: 4, CreateTimestamp: 133_485_408_000_000_000,
			ModuleInfo: moduleInfo(0x1f, 2, 3),
		}),
		v6(netmib.Socket{Local: netip.MustParseAddrPort("[::]:135"), Remote: netip.MustParseAddrPort("[::]:0"), State: state.Listen, PID: 1188}),
		v6(netmib.Socket{Local: netip.MustParseAddrPort("[::ffff:10.0.0.1]:80"), Remote: netip.MustParseAddrPort("[::ffff:10.0.0.2]:1234"), State: 77}),
	}
}

func TestRowAndAll(t *testing.T) {
	want := sampleSockets()
	tab, err := tcpmib.Parse(mustAppend(want))
	require.NoError(t, err)
	require.Equal(t, len(want), tab.Len())

	n := 0
	for i, r := range tab.All() {
		require.Equal(t, n, i)
		require.Empty(t, cmp.Diff(want[i], r.Socket(), cmpAddrs))
		require.Equal(t, tab.Row(i), r)
		n++
	}
	require.Equal(t, len(want), n)
	n = 0
	for i, s := range tab.Sockets() {
		require.Equal(t, n, i)
		require.Empty(t, cmp.Diff(want[i], s, cmpAddrs))
		n++
	}
	require.Equal(t, len(want), n)
	for range tab.Sockets() {
		break
	}

	// Breaking out of the loop stops the iterator.
	n = 0
	for range tab.All() {
		n++
		break
	}
	require.Equal(t, 1, n)

	require.PanicsWithValue(t, "tcpmib: row index -1 out of range [0:3]", func() { tab.Row(-1) })
	require.PanicsWithValue(t, "tcpmib: row index 3 out of range [0:3]", func() { tab.Row(len(want)) })
}

func TestZeroTable(t *testing.T) {
	var tab tcpmib.Table
	require.Zero(t, tab.Len())
	require.Zero(t, tab.Layout())
	for range tab.All() {
		t.Fatal("the zero Table has no rows")
	}
	require.Empty(t, tab.AppendSockets(nil))
	for range tab.Sockets() {
		t.Fatal("the zero Table has no rows")
	}
	require.Panics(t, func() { tab.Row(0) })
	require.Equal(t, netmib.Socket{}, tcpmib.Row{}.Socket())
}

func TestAppendSockets(t *testing.T) {
	want := sampleSockets()
	tab, err := tcpmib.Parse(mustAppend(want))
	require.NoError(t, err)

	got := tab.AppendSockets(nil)
	require.Empty(t, cmp.Diff(want, got, cmpAddrs))

	// Appends after what dst holds, and reuses capacity.
	prefix := []netmib.Socket{{PID: 99}}
	got = tab.AppendSockets(prefix)
	require.Len(t, got, 1+len(want))
	require.Equal(t, uint32(99), got[0].PID)
	require.Empty(t, cmp.Diff(want, got[1:], cmpAddrs))

	buf := make([]netmib.Socket, 0, 16)
	got = tab.AppendSockets(buf)
	require.Same(t, &buf[:1][0], &got[0])
}

func TestSocketsDoNotAliasBuffer(t *testing.T) {
	b := mustAppend(sampleSockets())
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	socks := tab.AppendSockets(nil)
	row := tab.Row(0)
	before := row.PID()

	clear(b) // the caller reuses its buffer
	require.Equal(t, sampleSockets(), socks, "sockets are self-contained")
	require.NotEqual(t, before, row.PID(), "a Row reads the buffer as it is now")
}

func TestAppendTableRoundTrip(t *testing.T) {
	want := sampleSockets()
	b, err := tcpmib.IPv6OwnerModule.AppendTable([]byte("prefix"), want)
	require.NoError(t, err)
	require.Equal(t, "prefix", string(b[:6]))
	b = b[6:]
	require.Len(t, b, 8+len(want)*192)
	require.Equal(t, uint32(len(want)), binary.LittleEndian.Uint32(b))
	require.Equal(t, []byte{0, 0, 0, 0}, b[4:8], "padding written as zero")
	for i := range want {
		row := b[8+192*i:]
		require.Equal(t, []byte{0, 0}, row[22:24], "unused local port bytes")
		require.Equal(t, []byte{0, 0}, row[46:48], "unused remote port bytes")
	}
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(want, tab.AppendSockets(nil), cmpAddrs))
}

func TestAppendTableNormalisesAddresses(t *testing.T) {
	in := []netmib.Socket{v6(netmib.Socket{Local: netip.MustParseAddrPort("192.0.2.1:80")})} // Remote: the zero AddrPort
	tab, err := tcpmib.Parse(mustAppend(in))
	require.NoError(t, err)
	e := tab.Row(0).Socket()
	require.Equal(t, netip.MustParseAddrPort("[::ffff:192.0.2.1]:80"), e.Local)
	require.Equal(t, netip.MustParseAddrPort("[::]:0"), e.Remote)
}

func TestAppendTableRejectsZones(t *testing.T) {
	for _, in := range []netmib.Socket{
		v6(netmib.Socket{Local: netip.AddrPortFrom(netip.MustParseAddr("fe80::1%eth0"), 1)}),
		v6(netmib.Socket{Remote: netip.AddrPortFrom(netip.MustParseAddr("fe80::1%12"), 1)}),
	} {
		got, err := tcpmib.IPv6OwnerModule.AppendTable([]byte("keep"), []netmib.Socket{in})
		require.ErrorIs(t, err, netmib.ErrUnrepresentable)
		require.ErrorContains(t, err, "has a zone")
		require.Equal(t, "keep", string(got))
	}
}

func TestAppendSocketsGrowsOnce(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds an allocation of its own here")
	}
	tab, err := tcpmib.Parse(mustAppend(sampleSockets()))
	require.NoError(t, err)
	var sink []netmib.Socket
	allocs := testing.AllocsPerRun(20, func() { sink = tab.AppendSockets(make([]netmib.Socket, 0, 1)) })
	require.Equal(t, 2.0, allocs, "the dst given, then one growth")
	require.Len(t, sink, 3)
}

// mustAppend encodes socks as a MIB_TCP6TABLE_OWNER_MODULE, and panics
// if it cannot: the tests' sockets all fit.
func mustAppend(socks []netmib.Socket) []byte {
	b, err := tcpmib.IPv6OwnerModule.AppendTable(nil, socks)
	if err != nil {
		panic(err)
	}
	return b
}

// moduleInfo returns an OwningModuleInfo holding words, element 0 first,
// little-endian as Windows writes them.
func moduleInfo(words ...uint64) (m netmib.ModuleInfo) {
	for i, w := range words {
		binary.LittleEndian.PutUint64(m[8*i:], w)
	}
	return m
}
