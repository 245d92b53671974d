package udpmib_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/sdk"
	"github.com/netmib/netmib/udpmib"
)

var cmpAddrs = cmpopts.EquateComparable(netip.Addr{}, netip.AddrPort{})

// sdkOf returns the layout of l as internal/sdk computes it from the SDK's
// struct declarations, independently of this package's layout table.
func sdkOf(l udpmib.Layout) sdk.Layout {
	for _, s := range sdk.UDP {
		if s.Table == l.String() {
			return s.Layout()
		}
	}
	panic("no SDK struct for " + l.String())
}

var (
	sampleLocal6 = netip.MustParseAddr("fe80::1:2:3:4")
	sampleLocal4 = netip.MustParseAddr("192.0.2.10")
)

const (
	samplePort  = 0x1234
	sampleScope = 0x0a0b0c0d
	samplePID   = 0x5eed
	sampleTS    = int64(133_485_408_001_234_567)
	sampleFlags = 0x80000001 // SpecificPortBind, and a high bit the docs call unused
	sampleTag   = 0x77
)

// specRow builds a one-row table of layout s by writing each member at its
// offset, with garbage in the header padding, the padding holes and the
// unused port bytes.
func specRow(s sdk.Layout) []byte {
	b := make([]byte, s.HeaderSize+s.RowSize)
	binary.LittleEndian.PutUint32(b, 1)
	copy(b[4:s.HeaderSize], []byte{0xde, 0xad, 0xbe, 0xef})
	r := b[s.HeaderSize:]
	for _, h := range s.Holes() {
		r[h] = 0xee
	}
	put := func(role sdk.Role, v []byte) {
		if f, ok := s.Fields[role]; ok {
			copy(r[f.Off:f.Off+f.Size], v)
		}
	}
	if s.IPv6 {
		put(sdk.LocalAddr, sampleLocal6.AsSlice())
	} else {
		put(sdk.LocalAddr, sampleLocal4.AsSlice())
	}
	put(sdk.LocalPort, []byte{0x12, 0x34, 0xcc, 0xcc})
	put(sdk.LocalScopeID, binary.LittleEndian.AppendUint32(nil, sampleScope))
	put(sdk.PID, binary.LittleEndian.AppendUint32(nil, samplePID))
	put(sdk.CreateTimestamp, binary.LittleEndian.AppendUint64(nil, uint64(sampleTS)))
	put(sdk.Flags, binary.LittleEndian.AppendUint32(nil, sampleFlags))
	mod := make([]byte, 128)
	binary.LittleEndian.PutUint64(mod, sampleTag)
	binary.LittleEndian.PutUint64(mod[120:], 0xffffffffffffffff)
	put(sdk.ModuleInfo, mod)
	return b
}

// canonical returns what the encoder writes for the table in b, of the
// layout s describes: the header and declared rows, with the bytes a
// producer may leave uninitialised (the header padding, the upper halves of
// the port DWORDs and the padding holes) zeroed.
func canonical(s sdk.Layout, b []byte, n int) []byte {
	out := bytes.Clone(b[:s.HeaderSize+s.RowSize*n])
	clear(out[4:s.HeaderSize])
	port := s.Fields[sdk.LocalPort]
	for i := range n {
		row := out[s.HeaderSize+s.RowSize*i:][:s.RowSize]
		clear(row[port.Off+2 : port.Off+4])
		for _, off := range s.Holes() {
			row[off] = 0
		}
	}
	return out
}

func TestLayoutsMatchSDK(t *testing.T) {
	require.Len(t, udpmib.Layouts(), len(sdk.UDP))
	for i, l := range udpmib.Layouts() {
		s := sdk.UDP[i].Layout()
		t.Run(s.Table, func(t *testing.T) {
			require.Equal(t, s.Table, l.String())
			require.Equal(t, s.HeaderSize, l.HeaderSize())
			require.Equal(t, s.RowSize, l.RowSize())
			if s.IPv6 {
				require.Equal(t, netmib.IPv6, l.Family())
			} else {
				require.Equal(t, netmib.IPv4, l.Family())
			}

			b := specRow(s)
			tab, err := l.Parse(b)
			require.NoError(t, err)
			require.Equal(t, l, tab.Layout())
			r := tab.Row(0)
			local := sampleLocal6
			if !s.IPv6 {
				local = sampleLocal4
			}
			require.Equal(t, netip.AddrPortFrom(local, samplePort), r.Local())
			want := of(l, netmib.Socket{Local: r.Local()})
			if s.Has(sdk.LocalScopeID) {
				require.Equal(t, uint32(sampleScope), r.LocalScopeID())
				want.LocalScopeID = sampleScope
			} else {
				require.Zero(t, r.LocalScopeID())
			}
			if s.Has(sdk.PID) {
				require.Equal(t, uint32(samplePID), r.PID())
				want.PID = samplePID
			} else {
				require.Zero(t, r.PID())
			}
			if s.Has(sdk.CreateTimestamp) {
				require.Equal(t, sampleTS, r.CreateTimestamp())
				require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 123_456_700, time.UTC), r.Created())
				require.Equal(t, uint32(sampleFlags), r.Flags())
				require.True(t, r.SpecificPortBind())
				require.Equal(t, uint32(sampleTag), r.ServiceTag())
				require.Equal(t, moduleInfo(sampleTag, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffffffffffffffff), r.ModuleInfo())
				want.CreateTimestamp, want.Flags, want.ModuleInfo = sampleTS, sampleFlags, r.ModuleInfo()
			} else {
				require.Zero(t, r.CreateTimestamp())
				require.True(t, r.Created().IsZero())
				require.Zero(t, r.Flags())
				require.False(t, r.SpecificPortBind())
				require.Zero(t, r.ModuleInfo())
			}
			require.Empty(t, cmp.Diff(want, r.Socket(), cmpAddrs))

			enc, err := l.AppendTable(nil, []netmib.Socket{want})
			require.NoError(t, err)
			require.Equal(t, canonical(s, b, 1), enc)
		})
	}
}

// TestEveryMemberAgainstSDK decodes random rows of every layout through the
// package and, independently, at the offsets internal/sdk computes from the
// SDK's struct declarations, and compares every member.
func TestEveryMemberAgainstSDK(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, l := range udpmib.Layouts() {
		s := sdkOf(l)
		b := make([]byte, s.HeaderSize+50*s.RowSize)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		binary.LittleEndian.PutUint32(b, 50)
		tab, err := l.Parse(b)
		require.NoError(t, err, l)
		for i, r := range tab.All() {
			row := b[s.HeaderSize+i*s.RowSize:][:s.RowSize]
			want := sdkSocket(s, row)
			got := netmib.Socket{
				Proto: netmib.UDP, Family: l.Family(), Known: r.Fields(),
				Local: r.Local(), LocalScopeID: r.LocalScopeID(), PID: r.PID(),
				CreateTimestamp: r.CreateTimestamp(), Flags: r.Flags(), ModuleInfo: r.ModuleInfo(),
			}
			require.Equal(t, want, got, "%v row %d: accessors", l, i)
			require.Equal(t, want, r.Socket(), "%v row %d: Socket", l, i)
			require.Equal(t, want.ModuleInfo.ServiceTag(), r.ServiceTag())
			require.Equal(t, want.Flags&1 != 0, r.SpecificPortBind())
			require.Equal(t, want.Created(), r.Created())
		}
		require.Equal(t, tab.Len(), len(tab.AppendSockets(nil)))
	}
}

// sdkSocket decodes row at the offsets of s, member by member as the SDK
// and the documentation describe them, with the members s has.
func sdkSocket(s sdk.Layout, row []byte) netmib.Socket {
	e := netmib.Socket{Proto: netmib.UDP, Family: netmib.IPv4}
	if s.IPv6 {
		e.Family = netmib.IPv6
	}
	for role, f := range map[sdk.Role]netmib.Fields{sdk.LocalScopeID: netmib.FieldScopeIDs, sdk.PID: netmib.FieldPID,
		sdk.CreateTimestamp: netmib.FieldCreateTimestamp, sdk.ModuleInfo: netmib.FieldModuleInfo, sdk.Flags: netmib.FieldFlags} {
		if s.Has(role) {
			e.Known |= f
		}
	}
	field := func(role sdk.Role) []byte {
		f, ok := s.Fields[role]
		if !ok {
			return nil
		}
		return row[f.Off : f.Off+f.Size]
	}
	dword := func(role sdk.Role) uint32 {
		if b := field(role); b != nil {
			return binary.LittleEndian.Uint32(b)
		}
		return 0
	}
	ip, _ := netip.AddrFromSlice(field(sdk.LocalAddr)) // 4 or 16 bytes, network order
	port := field(sdk.LocalPort)
	e.Local = netip.AddrPortFrom(ip, uint16(port[0])<<8|uint16(port[1]))
	e.LocalScopeID, e.PID, e.Flags = dword(sdk.LocalScopeID), dword(sdk.PID), dword(sdk.Flags)
	if b := field(sdk.CreateTimestamp); b != nil {
		e.CreateTimestamp = int64(binary.LittleEndian.Uint64(b))
	}
	copy(e.ModuleInfo[:], field(sdk.ModuleInfo))
	return e
}

func TestLayoutOf(t *testing.T) {
	want := map[netmib.Family][3]udpmib.Layout{
		netmib.IPv4: {udpmib.IPv4Basic, udpmib.IPv4OwnerPID, udpmib.IPv4OwnerModule},
		netmib.IPv6: {udpmib.IPv6Basic, udpmib.IPv6OwnerPID, udpmib.IPv6OwnerModule},
	}
	for f, layouts := range want {
		for c := udpmib.Basic; c <= udpmib.OwnerModule; c++ {
			l, err := udpmib.LayoutOf(f, c)
			require.NoError(t, err)
			require.Equal(t, layouts[c], l)
		}
	}
	_, err := udpmib.LayoutOf(netmib.IPv4, 3)
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	_, err = udpmib.ParseTable(make([]byte, 8), 5, udpmib.Basic)
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	_, err = udpmib.Layout(0).Parse(make([]byte, 8))
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	require.Equal(t, "Layout(9)", udpmib.Layout(9).String())
	require.Equal(t, "OwnerModule", udpmib.OwnerModule.String())
	require.Equal(t, "Class(3)", udpmib.Class(3).String())
	require.Equal(t, udpmib.Class(2), udpmib.OwnerModule) // the UDP_TABLE_CLASS value
}

func TestParseTruncated(t *testing.T) {
	for _, l := range udpmib.Layouts() {
		s := sdkOf(l)
		b := specRow(s)
		_, err := l.Parse(b[:len(b)-1])
		var fe *netmib.FormatError
		require.ErrorAs(t, err, &fe)
		require.ErrorIs(t, err, netmib.ErrTruncated)
		require.Equal(t, fmt.Sprintf("netmib: truncated %s: dwNumEntries 1 needs %d bytes, buffer has %d (row 0 at offset %d is incomplete)",
			s.Table, s.HeaderSize+s.RowSize, s.HeaderSize+s.RowSize-1, s.HeaderSize), err.Error())
	}
}

func TestZeroValues(t *testing.T) {
	var r udpmib.Row
	require.Equal(t, netmib.Socket{}, r.Socket())
	require.False(t, r.SpecificPortBind())
	require.Zero(t, r.Fields())
	var tab udpmib.Table
	require.Zero(t, tab.Len())
	require.Empty(t, tab.AppendSockets(nil))
	for range tab.Sockets() {
		t.Fatal("the zero Table has no rows")
	}
	require.PanicsWithValue(t, "udpmib: row index 0 out of range [0:0]", func() { tab.Row(0) })
}

func TestAppendTableIPv4(t *testing.T) {
	_, err := udpmib.IPv4Basic.AppendTable(nil, []netmib.Socket{of(udpmib.IPv4Basic, netmib.Socket{Local: netip.MustParseAddrPort("[2001:db8::1]:53")})})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	b, err := udpmib.IPv4OwnerPID.AppendTable(nil, []netmib.Socket{of(udpmib.IPv4OwnerPID, netmib.Socket{Local: netip.MustParseAddrPort("[::ffff:127.0.0.1]:53"), PID: 3})})
	require.NoError(t, err)
	tab, err := udpmib.IPv4OwnerPID.Parse(b)
	require.NoError(t, err)
	require.Equal(t, of(udpmib.IPv4OwnerPID, netmib.Socket{Local: netip.MustParseAddrPort("127.0.0.1:53"), PID: 3}), tab.Row(0).Socket())
	_, err = udpmib.IPv4OwnerPID.AppendTable(nil, []netmib.Socket{of(udpmib.IPv4Basic, netmib.Socket{})})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable, "a socket without a PID into a table with one")
	_, err = udpmib.IPv4OwnerPID.AppendTable(nil, []netmib.Socket{{Proto: netmib.TCP, Family: netmib.IPv4, Known: udpmib.IPv4OwnerPID.Fields()}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable, "a TCP socket into a UDP table")
	_, err = udpmib.Layout(0).AppendTable(nil, nil)
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
}

// moduleInfo returns an OwningModuleInfo holding words, element 0 first,
// little-endian as Windows writes them.
func moduleInfo(words ...uint64) (m netmib.ModuleInfo) {
	for i, w := range words {
		binary.LittleEndian.PutUint64(m[8*i:], w)
	}
	return m
}
