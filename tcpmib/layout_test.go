package tcpmib_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/internal/sdk"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// sdkOf returns the layout of l as internal/sdk computes it from the SDK's
// struct declarations, independently of this package's layout table.
func sdkOf(l tcpmib.Layout) sdk.Layout {
	for _, s := range sdk.TCP {
		if s.Table == l.String() {
			return s.Layout()
		}
	}
	panic("no SDK struct for " + l.String())
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
	sampleOffload              = uint32(tcpmib.Offloaded)
)

// specRow builds a one-row table of layout s by writing each member at its
// offset, with garbage in the unused port bytes and in the header padding.
func specRow(s sdk.Layout) []byte {
	b := make([]byte, s.HeaderSize+s.RowSize)
	binary.LittleEndian.PutUint32(b, 1)
	copy(b[4:s.HeaderSize], []byte{0xde, 0xad, 0xbe, 0xef})
	r := b[s.HeaderSize:]
	put := func(role sdk.Role, v []byte) {
		if f, ok := s.Fields[role]; ok {
			copy(r[f.Off:f.Off+f.Size], v)
		}
	}
	if s.IPv6 {
		put(sdk.LocalAddr, sampleLocal6.AsSlice())
		put(sdk.RemoteAddr, sampleRemote6.AsSlice())
	} else {
		put(sdk.LocalAddr, sampleLocal4.AsSlice())
		put(sdk.RemoteAddr, sampleRemote4.AsSlice())
	}
	put(sdk.LocalPort, []byte{0x12, 0x34, 0xcc, 0xcc})
	put(sdk.RemotePort, []byte{0xfe, 0xdc, 0xcc, 0xcc})
	put(sdk.LocalScopeID, binary.LittleEndian.AppendUint32(nil, sampleLScope))
	put(sdk.RemoteScopeID, binary.LittleEndian.AppendUint32(nil, sampleRScope))
	put(sdk.State, binary.LittleEndian.AppendUint32(nil, sampleState))
	put(sdk.PID, binary.LittleEndian.AppendUint32(nil, samplePID))
	put(sdk.CreateTimestamp, binary.LittleEndian.AppendUint64(nil, uint64(sampleTS)))
	mod := make([]byte, 128)
	binary.LittleEndian.PutUint64(mod, sampleTag)
	binary.LittleEndian.PutUint64(mod[120:], 0xffffffffffffffff)
	put(sdk.ModuleInfo, mod)
	put(sdk.OffloadState, binary.LittleEndian.AppendUint32(nil, sampleOffload))
	return b
}

func TestLayoutsMatchSDK(t *testing.T) {
	require.Len(t, tcpmib.Layouts(), len(sdk.TCP))
	for i, l := range tcpmib.Layouts() {
		s := sdk.TCP[i].Layout()
		t.Run(s.Table, func(t *testing.T) {
			require.Equal(t, s.Table, l.String())
			require.Equal(t, s.HeaderSize, l.HeaderSize())
			require.Equal(t, s.RowSize, l.RowSize())
			if s.IPv6 {
				require.Equal(t, netmib.IPv6, l.Family())
			} else {
				require.Equal(t, netmib.IPv4, l.Family())
			}

			tab, err := l.Parse(specRow(s))
			require.NoError(t, err)
			require.Equal(t, l, tab.Layout())
			require.Equal(t, 1, tab.Len())
			r := tab.Row(0)

			local, remote := sampleLocal6, sampleRemote6
			if !s.IPv6 {
				local, remote = sampleLocal4, sampleRemote4
			}
			require.Equal(t, netip.AddrPortFrom(local, sampleLPort), r.Local())
			require.Equal(t, netip.AddrPortFrom(remote, sampleRPort), r.Remote())
			require.Equal(t, state.State(sampleState), r.State())
			want := tcpmib.Entry{
				Local: r.Local(), Remote: r.Remote(), State: state.State(sampleState),
			}
			if s.Has(sdk.LocalScopeID) {
				require.Equal(t, uint32(sampleLScope), r.LocalScopeID())
				require.Equal(t, uint32(sampleRScope), r.RemoteScopeID())
				want.LocalScopeID, want.RemoteScopeID = sampleLScope, sampleRScope
			} else {
				require.Zero(t, r.LocalScopeID(), "IPv4 rows have no scope")
				require.Zero(t, r.RemoteScopeID())
			}
			if s.Has(sdk.PID) {
				require.Equal(t, uint32(samplePID), r.PID())
				want.PID = samplePID
			} else {
				require.Zero(t, r.PID(), "BASIC rows have no PID")
			}
			if s.Has(sdk.CreateTimestamp) {
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
			if s.Has(sdk.OffloadState) {
				require.Equal(t, tcpmib.Offload{State: tcpmib.Offloaded, Known: true}, r.Offload())
				want.Offload = r.Offload()
			} else {
				require.Equal(t, tcpmib.Offload{}, r.Offload(), "only TABLE2 rows have an offload state, not even InHost")
			}
			require.Empty(t, cmp.Diff(want, r.Decode(), cmpAddrs))

			// The encoder writes the same bytes, but for the garbage.
			enc, err := l.AppendTable(nil, []tcpmib.Entry{want})
			require.NoError(t, err)
			require.Equal(t, canonical(s, specRow(s), 1), enc)
		})
	}
}

// TestEveryMemberAgainstSDK decodes random rows of every layout through the
// package and, independently, at the offsets internal/sdk computes from the
// SDK's struct declarations, and compares every member.
func TestEveryMemberAgainstSDK(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, l := range tcpmib.Layouts() {
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
			want := sdkEntry(s, row)
			got := tcpmib.Entry{
				Local: r.Local(), Remote: r.Remote(), LocalScopeID: r.LocalScopeID(), RemoteScopeID: r.RemoteScopeID(),
				State: r.State(), PID: r.PID(), CreateTimestamp: r.CreateTimestamp(), ModuleInfo: r.ModuleInfo(),
				Offload: r.Offload(),
			}
			require.Equal(t, want, got, "%v row %d: accessors", l, i)
			require.Equal(t, want, r.Decode(), "%v row %d: Decode", l, i)
			require.Equal(t, want.ModuleInfo.ServiceTag(), r.ServiceTag())
			require.Equal(t, mib.Time(want.CreateTimestamp), r.Created())
		}
		require.Equal(t, tab.Len(), len(tab.AppendEntries(nil)))
	}
}

// sdkEntry decodes row at the offsets of s, member by member as the SDK
// and the documentation describe them.
func sdkEntry(s sdk.Layout, row []byte) tcpmib.Entry {
	var e tcpmib.Entry
	field := func(role sdk.Role) []byte {
		f, ok := s.Fields[role]
		if !ok {
			return nil
		}
		return row[f.Off : f.Off+f.Size]
	}
	addrPort := func(a, p sdk.Role) netip.AddrPort {
		ip, _ := netip.AddrFromSlice(field(a)) // 4 or 16 bytes, network order
		return netip.AddrPortFrom(ip, uint16(field(p)[0])<<8|uint16(field(p)[1]))
	}
	dword := func(role sdk.Role) uint32 {
		if b := field(role); b != nil {
			return binary.LittleEndian.Uint32(b)
		}
		return 0
	}
	e.Local = addrPort(sdk.LocalAddr, sdk.LocalPort)
	e.Remote = addrPort(sdk.RemoteAddr, sdk.RemotePort)
	e.LocalScopeID, e.RemoteScopeID = dword(sdk.LocalScopeID), dword(sdk.RemoteScopeID)
	e.State, e.PID = state.State(dword(sdk.State)), dword(sdk.PID)
	if b := field(sdk.CreateTimestamp); b != nil {
		e.CreateTimestamp = int64(binary.LittleEndian.Uint64(b))
	}
	copy(e.ModuleInfo[:], field(sdk.ModuleInfo))
	if b := field(sdk.OffloadState); b != nil {
		e.Offload = tcpmib.Offload{State: tcpmib.OffloadState(binary.LittleEndian.Uint32(b)), Known: true}
	}
	return e
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
	for _, l := range tcpmib.Layouts() {
		s := sdkOf(l)
		t.Run(s.Table, func(t *testing.T) {
			b := specRow(s)
			_, err := l.Parse(b[:len(b)-1])
			var fe *netmib.FormatError
			require.ErrorAs(t, err, &fe)
			require.ErrorIs(t, err, netmib.ErrTruncated)
			require.Equal(t, s.Table, fe.Table)
			require.Equal(t, int64(s.HeaderSize+s.RowSize), fe.Want)
			require.Equal(t, fmt.Sprintf("netmib: truncated %s: dwNumEntries 1 needs %d bytes, buffer has %d (row 0 at offset %d is incomplete)",
				s.Table, s.HeaderSize+s.RowSize, s.HeaderSize+s.RowSize-1, s.HeaderSize), err.Error())

			_, err = l.Parse(b[:s.HeaderSize-1])
			require.ErrorAs(t, err, &fe)
			require.Equal(t, int64(-1), fe.Row)
			require.Equal(t, int64(s.HeaderSize), fe.Want)
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

// TestAppendTableOffload checks that an offload state goes where there is
// one, and only there: a known one into another layout, or an unknown one
// into a TABLE2 layout, would not read back as it was.
func TestAppendTableOffload(t *testing.T) {
	known := tcpmib.Entry{Local: netip.MustParseAddrPort("[::1]:80"), Remote: netip.MustParseAddrPort("[::]:0"), Offload: tcpmib.Offload{State: tcpmib.InHost, Known: true}}
	b, err := tcpmib.IPv6Table2.AppendTable(nil, []tcpmib.Entry{known})
	require.NoError(t, err)
	tab, err := tcpmib.IPv6Table2.Parse(b)
	require.NoError(t, err)
	require.Equal(t, []tcpmib.Entry{known}, tab.AppendEntries(nil))

	_, err = tcpmib.IPv6OwnerPID.AppendTable(nil, []tcpmib.Entry{known})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	require.ErrorContains(t, err, "dwOffloadState is known, but MIB_TCP6TABLE_OWNER_PID has none")
	for _, l := range []tcpmib.Layout{tcpmib.IPv4Table2, tcpmib.IPv6Table2} {
		_, err = l.AppendTable(nil, []tcpmib.Entry{{State: state.Listen}})
		require.ErrorIs(t, err, netmib.ErrUnrepresentable)
		require.ErrorContains(t, err, "dwOffloadState is unknown, but "+l.String()+" needs one")
	}
}

func TestTable2LayoutOf(t *testing.T) {
	l, err := tcpmib.Table2LayoutOf(netmib.IPv4)
	require.NoError(t, err)
	require.Equal(t, tcpmib.IPv4Table2, l)
	l, err = tcpmib.Table2LayoutOf(netmib.IPv6)
	require.NoError(t, err)
	require.Equal(t, tcpmib.IPv6Table2, l)
	_, err = tcpmib.Table2LayoutOf(7)
	require.ErrorIs(t, err, netmib.ErrUnknownLayout)
}

func TestOffloadState(t *testing.T) {
	for s, name := range map[tcpmib.OffloadState]string{
		tcpmib.InHost: "InHost", tcpmib.Offloading: "Offloading", tcpmib.Offloaded: "Offloaded", tcpmib.Uploading: "Uploading",
		4: "OffloadState(4)", 0xffffffff: "OffloadState(4294967295)",
	} {
		require.Equal(t, name, s.String())
		require.Equal(t, s < 4, s.Valid())
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back tcpmib.OffloadState
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, s, back)
	}
	require.Equal(t, "none", tcpmib.Offload{}.String())
	require.Equal(t, "InHost", tcpmib.Offload{Known: true}.String())
	require.Equal(t, "OffloadState(9)", tcpmib.Offload{State: 9, Known: true}.String())
	for in, want := range map[string]tcpmib.OffloadState{
		"inhost": tcpmib.InHost, "OFFLOADED": tcpmib.Offloaded, "TcpConnectionOffloadStateUploading": tcpmib.Uploading, "OffloadState(7)": 7,
	} {
		got, err := tcpmib.ParseOffloadState(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "Max", "OffloadState()", "OffloadState(-1)", "OffloadState(07)", "OffloadState(4294967296)", "OffloadState(1"} {
		_, err := tcpmib.ParseOffloadState(bad)
		require.Error(t, err, bad)
	}
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
