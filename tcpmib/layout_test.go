package tcpmib_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// layoutSpec restates SPEC section 7 (and section 1 for the headline table)
// independently of the package's own tables: the test builds rows from it
// and checks that the package reads them back.
type layoutSpec struct {
	layout                                 tcpmib.Layout
	name                                   string
	family                                 netmib.Family
	header, size                           int
	state, laddr, lscope, lport            int
	raddr, rscope, rport, pid, ts, modinfo int
}

const absent = -1

var specs = []layoutSpec{
	{tcpmib.IPv4Basic, "MIB_TCPTABLE", netmib.IPv4, 4, 20, 0, 4, absent, 8, 12, absent, 16, absent, absent, absent},
	{tcpmib.IPv4OwnerPID, "MIB_TCPTABLE_OWNER_PID", netmib.IPv4, 4, 24, 0, 4, absent, 8, 12, absent, 16, 20, absent, absent},
	{tcpmib.IPv4OwnerModule, "MIB_TCPTABLE_OWNER_MODULE", netmib.IPv4, 8, 160, 0, 4, absent, 8, 12, absent, 16, 20, 24, 32},
	{tcpmib.IPv6Basic, "MIB_TCP6TABLE", netmib.IPv6, 4, 52, 0, 4, 20, 24, 28, 44, 48, absent, absent, absent},
	{tcpmib.IPv6OwnerPID, "MIB_TCP6TABLE_OWNER_PID", netmib.IPv6, 4, 56, 48, 0, 16, 20, 24, 40, 44, 52, absent, absent},
	{tcpmib.IPv6OwnerModule, "MIB_TCP6TABLE_OWNER_MODULE", netmib.IPv6, 8, 192, 48, 0, 16, 20, 24, 40, 44, 52, 56, 64},
}

// sample values, chosen so that no two members share a byte pattern.
var (
	sampleLocal6  = netip.MustParseAddr("fe80::1:2:3:4")
	sampleRemote6 = netip.MustParseAddr("2001:db8::aa:bb")
	sampleLocal4  = netip.MustParseAddr("192.0.2.10")
	sampleRemote4 = netip.MustParseAddr("198.51.100.20")
)

const (
	sampleLPort, sampleRPort   = 0x1234, 0xfedc
	sampleLScope, sampleRScope = 0x0a0b0c0d, 0x01020304
	sampleState                = uint32(state.SynReceived)
	samplePID                  = 0x5eed
	sampleTS                   = int64(133_485_408_001_234_567)
	sampleTag                  = 0x77
)

// specRow builds a one-row table of s by writing each member at its offset,
// with garbage in the unused port bytes and in the header padding.
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
		put(s.raddr, sampleRemote6.AsSlice())
	} else {
		put(s.laddr, sampleLocal4.AsSlice())
		put(s.raddr, sampleRemote4.AsSlice())
	}
	put(s.lport, []byte{0x12, 0x34, 0xcc, 0xcc})
	put(s.rport, []byte{0xfe, 0xdc, 0xcc, 0xcc})
	put(s.lscope, binary.LittleEndian.AppendUint32(nil, sampleLScope))
	put(s.rscope, binary.LittleEndian.AppendUint32(nil, sampleRScope))
	put(s.state, binary.LittleEndian.AppendUint32(nil, sampleState))
	put(s.pid, binary.LittleEndian.AppendUint32(nil, samplePID))
	put(s.ts, binary.LittleEndian.AppendUint64(nil, uint64(sampleTS)))
	if s.modinfo != absent {
		put(s.modinfo, binary.LittleEndian.AppendUint64(nil, sampleTag))
		put(s.modinfo+120, binary.LittleEndian.AppendUint64(nil, 0xffffffffffffffff))
	}
	return b
}

func TestLayoutsMatchSpec(t *testing.T) {
	require.Len(t, tcpmib.Layouts(), len(specs))
	for i, s := range specs {
		t.Run(s.name, func(t *testing.T) {
			require.Equal(t, s.layout, tcpmib.Layouts()[i])
			require.Equal(t, s.name, s.layout.String())
			require.Equal(t, s.family, s.layout.Family())
			require.Equal(t, s.header, s.layout.HeaderSize())
			require.Equal(t, s.size, s.layout.RowSize())

			tab, err := s.layout.Parse(specRow(s))
			require.NoError(t, err)
			require.Equal(t, s.layout, tab.Layout())
			require.Equal(t, 1, tab.Len())
			r := tab.Row(0)

			local, remote := sampleLocal6, sampleRemote6
			if s.family == netmib.IPv4 {
				local, remote = sampleLocal4, sampleRemote4
			}
			require.Equal(t, netip.AddrPortFrom(local, sampleLPort), r.Local())
			require.Equal(t, netip.AddrPortFrom(remote, sampleRPort), r.Remote())
			require.Equal(t, state.State(sampleState), r.State())
			want := tcpmib.Entry{
				Local: r.Local(), Remote: r.Remote(), State: state.State(sampleState),
			}
			if s.lscope != absent {
				require.Equal(t, uint32(sampleLScope), r.LocalScopeID())
				require.Equal(t, uint32(sampleRScope), r.RemoteScopeID())
				want.LocalScopeID, want.RemoteScopeID = sampleLScope, sampleRScope
			} else {
				require.Zero(t, r.LocalScopeID(), "IPv4 rows have no scope")
				require.Zero(t, r.RemoteScopeID())
			}
			if s.pid != absent {
				require.Equal(t, uint32(samplePID), r.PID())
				want.PID = samplePID
			} else {
				require.Zero(t, r.PID(), "BASIC rows have no PID")
			}
			if s.ts != absent {
				require.Equal(t, sampleTS, r.CreateTimestamp())
				require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 123_456_700, time.UTC), r.Created())
				require.Equal(t, uint32(sampleTag), r.ServiceTag())
				require.Equal(t, moduleInfo(sampleTag, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffffffffffffffff), r.ModuleInfo())
				want.CreateTimestamp, want.ModuleInfo = sampleTS, r.ModuleInfo()
			} else {
				require.Zero(t, r.CreateTimestamp())
				require.True(t, r.Created().IsZero())
				require.Zero(t, r.ModuleInfo())
				require.Zero(t, r.ServiceTag())
			}
			require.Empty(t, cmp.Diff(want, r.Decode(), cmpAddrs))

			// The encoder writes the same bytes, but for the garbage.
			enc, err := s.layout.AppendTable(nil, []tcpmib.Entry{want})
			require.NoError(t, err)
			clean := specRow(s)
			if s.header == 8 {
				clear(clean[4:8])
			}
			clear(clean[s.header+s.lport+2 : s.header+s.lport+4])
			clear(clean[s.header+s.rport+2 : s.header+s.rport+4])
			require.Equal(t, clean, enc)
		})
	}
}

func TestLayoutOf(t *testing.T) {
	want := map[netmib.Family][3]tcpmib.Layout{
		netmib.IPv4: {tcpmib.IPv4Basic, tcpmib.IPv4OwnerPID, tcpmib.IPv4OwnerModule},
		netmib.IPv6: {tcpmib.IPv6Basic, tcpmib.IPv6OwnerPID, tcpmib.IPv6OwnerModule},
	}
	for f, layouts := range want {
		for c := tcpmib.BasicListener; c <= tcpmib.OwnerModuleAll; c++ {
			l, err := tcpmib.LayoutOf(f, c)
			require.NoError(t, err)
			require.Equal(t, layouts[c/3], l, "%v %v", f, c)
		}
	}
	for _, bad := range []struct {
		f netmib.Family
		c tcpmib.Class
	}{{netmib.IPv4, 9}, {0, tcpmib.BasicAll}, {netmib.Family(24), tcpmib.OwnerPIDAll}, {netmib.IPv6, 1 << 31}} {
		_, err := tcpmib.LayoutOf(bad.f, bad.c)
		require.ErrorIs(t, err, netmib.ErrUnknownLayout)
		_, err = tcpmib.ParseTable([]byte{0, 0, 0, 0, 0, 0, 0, 0}, bad.f, bad.c)
		require.ErrorIs(t, err, netmib.ErrUnknownLayout)
	}
	tab, err := tcpmib.ParseTable([]byte{0, 0, 0, 0}, netmib.IPv4, tcpmib.BasicConnections)
	require.NoError(t, err)
	require.Equal(t, tcpmib.IPv4Basic, tab.Layout())
}

func TestParseTableTruncated(t *testing.T) {
	for _, s := range specs {
		t.Run(s.name, func(t *testing.T) {
			b := specRow(s)
			_, err := s.layout.Parse(b[:len(b)-1])
			var fe *netmib.FormatError
			require.ErrorAs(t, err, &fe)
			require.ErrorIs(t, err, netmib.ErrTruncated)
			require.Equal(t, s.name, fe.Table)
			require.Equal(t, int64(s.header+s.size), fe.Want)
			require.Equal(t, fmt.Sprintf("netmib: truncated %s: dwNumEntries 1 needs %d bytes, buffer has %d (row 0 at offset %d is incomplete)",
				s.name, s.header+s.size, s.header+s.size-1, s.header), err.Error())

			_, err = s.layout.Parse(b[:s.header-1])
			require.ErrorAs(t, err, &fe)
			require.Equal(t, int64(-1), fe.Row)
			require.Equal(t, int64(s.header), fe.Want)
		})
	}
}

func TestAppendTableIPv4(t *testing.T) {
	in := []tcpmib.Entry{
		{Local: netip.MustParseAddrPort("[::ffff:10.0.0.1]:80"), Remote: netip.MustParseAddrPort("10.0.0.2:5000"), State: state.Established, PID: 9},
		{Local: netip.MustParseAddrPort("0.0.0.0:445"), State: state.Listen}, // Remote: the zero AddrPort
	}
	b, err := tcpmib.IPv4OwnerPID.AppendTable(nil, in)
	require.NoError(t, err)
	tab, err := tcpmib.IPv4OwnerPID.Parse(b)
	require.NoError(t, err)
	got := tab.AppendEntries(nil)
	require.Equal(t, netip.MustParseAddrPort("10.0.0.1:80"), got[0].Local, "IPv4-mapped addresses are written as IPv4")
	require.Equal(t, netip.MustParseAddrPort("0.0.0.0:0"), got[1].Remote, "the zero Addr is written as 0.0.0.0")
	require.Equal(t, uint32(9), got[0].PID)

	_, err = tcpmib.IPv4Basic.AppendTable([]byte("keep"), []tcpmib.Entry{{Local: netip.MustParseAddrPort("[2001:db8::1]:1")}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	require.ErrorContains(t, err, "entry 0: netmib: value does not fit the table layout: local address 2001:db8::1 is not an IPv4 address")
	_, err = tcpmib.IPv4Basic.AppendTable(nil, []tcpmib.Entry{{Remote: netip.MustParseAddrPort("[2001:db8::1]:1")}})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)

	// A member the layout lacks must be zero: a table cannot silently drop it.
	for name, e := range map[string]tcpmib.Entry{
		"dwOwningPid":       {PID: 5},
		"liCreateTimestamp": {CreateTimestamp: 7},
		"OwningModuleInfo":  {ModuleInfo: moduleInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)},
		"dwLocalScopeId":    {LocalScopeID: 3},
		"dwRemoteScopeId":   {RemoteScopeID: 3},
	} {
		_, err = tcpmib.IPv4Basic.AppendTable(nil, []tcpmib.Entry{e})
		require.ErrorIs(t, err, netmib.ErrUnrepresentable, name)
		require.ErrorContains(t, err, name+" is set, but MIB_TCPTABLE has none")
	}
	b, err = tcpmib.IPv4Basic.AppendTable(nil, []tcpmib.Entry{{}})
	require.NoError(t, err)
	require.Len(t, b, 4+20)
	require.Equal(t, make([]byte, 20), b[4:])
}

func TestEntryJSONIPv4(t *testing.T) {
	e := tcpmib.Entry{Local: netip.MustParseAddrPort("192.0.2.1:3389"), Remote: netip.MustParseAddrPort("198.51.100.7:50123"), State: state.Established, PID: 1}
	b, err := e.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(b), `"local_addr":"192.0.2.1","local_port":3389`)
	var back tcpmib.Entry
	require.NoError(t, back.UnmarshalJSON(b))
	require.Equal(t, e, back)
}

func TestLayoutErrorsAreDistinct(t *testing.T) {
	_, err := tcpmib.LayoutOf(7, 7)
	require.False(t, errors.Is(err, netmib.ErrTruncated))
}
