package udpmib_test

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/udpmib"
)

var cmpAddrs = cmpopts.EquateComparable(netip.Addr{}, netip.AddrPort{})

// layoutSpec restates SPEC section 7 independently of the package's tables.
type layoutSpec struct {
	layout                                   udpmib.Layout
	name                                     string
	family                                   netmib.Family
	header, size                             int
	laddr, lscope, lport, pid, ts, flags, mi int
	holes                                    []int // padding DWORDs never written
}

const absent = -1

var specs = []layoutSpec{
	{udpmib.IPv4Basic, "MIB_UDPTABLE", netmib.IPv4, 4, 8, 0, absent, 4, absent, absent, absent, absent, nil},
	{udpmib.IPv4OwnerPID, "MIB_UDPTABLE_OWNER_PID", netmib.IPv4, 4, 12, 0, absent, 4, 8, absent, absent, absent, nil},
	{udpmib.IPv4OwnerModule, "MIB_UDPTABLE_OWNER_MODULE", netmib.IPv4, 8, 160, 0, absent, 4, 8, 16, 24, 32, []int{12, 28}},
	{udpmib.IPv6Basic, "MIB_UDP6TABLE", netmib.IPv6, 4, 24, 0, 16, 20, absent, absent, absent, absent, nil},
	{udpmib.IPv6OwnerPID, "MIB_UDP6TABLE_OWNER_PID", netmib.IPv6, 4, 28, 0, 16, 20, 24, absent, absent, absent, nil},
	{udpmib.IPv6OwnerModule, "MIB_UDP6TABLE_OWNER_MODULE", netmib.IPv6, 8, 176, 0, 16, 20, 24, 32, 40, 48, []int{28, 44}},
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

// specRow builds a one-row table of s, with garbage in the header padding,
// the padding holes and the unused port bytes.
func specRow(s layoutSpec) []byte {
	b := make([]byte, s.header+s.size)
	binary.LittleEndian.PutUint32(b, 1)
	if s.header == 8 {
		copy(b[4:], []byte{0xde, 0xad, 0xbe, 0xef})
	}
	r := b[s.header:]
	put := func(off int, v []byte) {
		if off != absent {
			copy(r[off:], v)
		}
	}
	if s.family == netmib.IPv6 {
		put(s.laddr, sampleLocal6.AsSlice())
	} else {
		put(s.laddr, sampleLocal4.AsSlice())
	}
	put(s.lport, []byte{0x12, 0x34, 0xcc, 0xcc})
	put(s.lscope, binary.LittleEndian.AppendUint32(nil, sampleScope))
	put(s.pid, binary.LittleEndian.AppendUint32(nil, samplePID))
	put(s.ts, binary.LittleEndian.AppendUint64(nil, uint64(sampleTS)))
	put(s.flags, binary.LittleEndian.AppendUint32(nil, sampleFlags))
	if s.mi != absent {
		put(s.mi, binary.LittleEndian.AppendUint64(nil, sampleTag))
		put(s.mi+120, binary.LittleEndian.AppendUint64(nil, 0xffffffffffffffff))
	}
	for _, h := range s.holes {
		put(h, []byte{0xee, 0xee, 0xee, 0xee})
	}
	return b
}

// canonical zeroes what the encoder never writes: header padding, holes
// and the unused port bytes of each of n rows.
func canonical(s layoutSpec, b []byte, n int) []byte {
	out := append([]byte(nil), b[:s.header+s.size*n]...)
	clear(out[4:s.header])
	for i := range n {
		row := out[s.header+s.size*i:]
		clear(row[s.lport+2 : s.lport+4])
		for _, h := range s.holes {
			clear(row[h : h+4])
		}
	}
	return out
}

func TestLayoutsMatchSpec(t *testing.T) {
	require.Len(t, udpmib.Layouts(), len(specs))
	for i, s := range specs {
		t.Run(s.name, func(t *testing.T) {
			require.Equal(t, s.layout, udpmib.Layouts()[i])
			require.Equal(t, s.name, s.layout.String())
			require.Equal(t, s.family, s.layout.Family())
			require.Equal(t, s.header, s.layout.HeaderSize())
			require.Equal(t, s.size, s.layout.RowSize())

			b := specRow(s)
			tab, err := s.layout.Parse(b)
			require.NoError(t, err)
			require.Equal(t, s.layout, tab.Layout())
			r := tab.Row(0)
			local := sampleLocal6
			if s.family == netmib.IPv4 {
				local = sampleLocal4
			}
			require.Equal(t, netip.AddrPortFrom(local, samplePort), r.Local())
			want := udpmib.Entry{Local: r.Local()}
			if s.lscope != absent {
				require.Equal(t, uint32(sampleScope), r.LocalScopeID())
				want.LocalScopeID = sampleScope
			} else {
				require.Zero(t, r.LocalScopeID())
			}
			if s.pid != absent {
				require.Equal(t, uint32(samplePID), r.PID())
				want.PID = samplePID
			} else {
				require.Zero(t, r.PID())
			}
			if s.ts != absent {
				require.Equal(t, sampleTS, r.CreateTimestamp())
				require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 123_456_700, time.UTC), r.Created())
				require.Equal(t, uint32(sampleFlags), r.Flags())
				require.True(t, r.SpecificPortBind())
				require.Equal(t, uint32(sampleTag), r.ServiceTag())
				m := r.ModuleInfo()
				require.Equal(t, uint64(sampleTag), m.Uint64(0))
				require.Equal(t, uint64(0xffffffffffffffff), m.Uint64(15))
				want.CreateTimestamp, want.Flags, want.ModuleInfo = sampleTS, sampleFlags, r.ModuleInfo()
			} else {
				require.Zero(t, r.CreateTimestamp())
				require.True(t, r.Created().IsZero())
				require.Zero(t, r.Flags())
				require.False(t, r.SpecificPortBind())
				require.Zero(t, r.ModuleInfo())
			}
			require.Empty(t, cmp.Diff(want, r.Decode(), cmpAddrs))

			enc, err := s.layout.AppendTable(nil, []udpmib.Entry{want})
			require.NoError(t, err)
			require.Equal(t, canonical(s, b, 1), enc)
		})
	}
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
	for _, s := range specs {
		b := specRow(s)
		_, err := s.layout.Parse(b[:len(b)-1])
		var fe *netmib.FormatError
		require.ErrorAs(t, err, &fe)
		require.ErrorIs(t, err, netmib.ErrTruncated)
		require.Equal(t, fmt.Sprintf("netmib: truncated %s: dwNumEntries 1 needs %d bytes, buffer has %d (row 0 at offset %d is incomplete)",
			s.name, s.header+s.size, s.header+s.size-1, s.header), err.Error())
	}
}

func TestZeroValues(t *testing.T) {
	var r udpmib.Row
	require.Equal(t, udpmib.Entry{}, r.Decode())
	require.False(t, r.SpecificPortBind())
	var tab udpmib.Table
	require.Zero(t, tab.Len())
	require.Empty(t, tab.AppendEntries(nil))
	require.PanicsWithValue(t, "udpmib: row index 0 out of range [0:0]", func() { tab.Row(0) })
}

func TestAppendTableIPv4(t *testing.T) {
	_, err := udpmib.IPv4Basic.AppendTable(nil, []udpmib.Entry{{Local: netip.MustParseAddrPort("[2001:db8::1]:53")}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	b, err := udpmib.IPv4OwnerPID.AppendTable(nil, []udpmib.Entry{{Local: netip.MustParseAddrPort("[::ffff:127.0.0.1]:53"), PID: 3}})
	require.NoError(t, err)
	tab, err := udpmib.IPv4OwnerPID.Parse(b)
	require.NoError(t, err)
	require.Equal(t, udpmib.Entry{Local: netip.MustParseAddrPort("127.0.0.1:53"), PID: 3}, tab.Row(0).Decode())
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
