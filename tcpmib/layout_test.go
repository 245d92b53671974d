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
	sampleOffload              = uint32(state.Offloaded)
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
			want := of(l, netmib.Socket{
				Local: r.Local(), Remote: r.Remote(), State: state.State(sampleState),
			})
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
				require.Equal(t, state.Offloaded, r.OffloadState())
				require.True(t, r.Fields().Has(netmib.FieldOffloadState))
				want.OffloadState = r.OffloadState()
			} else {
				require.False(t, r.Fields().Has(netmib.FieldOffloadState), "only TABLE2 rows have an offload state, not even InHost")
			}
			require.Empty(t, cmp.Diff(want, r.Socket(), cmpAddrs))

			// The encoder writes the same bytes, but for the garbage.
			enc, err := l.AppendTable(nil, []netmib.Socket{want})
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
			want := sdkSocket(s, row)
			got := netmib.Socket{
				Proto: netmib.TCP, Family: l.Family(), Known: r.Fields(),
				Local: r.Local(), Remote: r.Remote(), LocalScopeID: r.LocalScopeID(), RemoteScopeID: r.RemoteScopeID(),
				State: r.State(), PID: r.PID(), CreateTimestamp: r.CreateTimestamp(), ModuleInfo: r.ModuleInfo(),
				OffloadState: r.OffloadState(),
			}
			require.Equal(t, want, got, "%v row %d: accessors", l, i)
			require.Equal(t, want, r.Socket(), "%v row %d: Socket", l, i)
			require.Equal(t, want.ModuleInfo.ServiceTag(), r.ServiceTag())
			require.Equal(t, want.Created(), r.Created())
		}
		require.Equal(t, tab.Len(), len(tab.AppendSockets(nil)))
	}
}

// sdkSocket decodes row at the offsets of s, member by member as the SDK
// and the documentation describe them, with the members s has.
func sdkSocket(s sdk.Layout, row []byte) netmib.Socket {
	e := netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv4, Known: netmib.FieldRemote | netmib.FieldState}
	if s.IPv6 {
		e.Family = netmib.IPv6
	}
	for role, f := range map[sdk.Role]netmib.Fields{sdk.LocalScopeID: netmib.FieldScopeIDs, sdk.PID: netmib.FieldPID,
		sdk.CreateTimestamp: netmib.FieldCreateTimestamp, sdk.ModuleInfo: netmib.FieldModuleInfo, sdk.OffloadState: netmib.FieldOffloadState} {
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
	e.OffloadState = state.OffloadState(dword(sdk.OffloadState))
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
	pid := func(s netmib.Socket) netmib.Socket { return of(tcpmib.IPv4OwnerPID, s) }
	in := []netmib.Socket{
		pid(netmib.Socket{Local: netip.MustParseAddrPort("[::ffff:10.0.0.1]:80"), Remote: netip.MustParseAddrPort("10.0.0.2:5000"), State: state.Established, PID: 9}),
		pid(netmib.Socket{Local: netip.MustParseAddrPort("0.0.0.0:445"), State: state.Listen}), // Remote: the zero AddrPort
	}
	b, err := tcpmib.IPv4OwnerPID.AppendTable(nil, in)
	require.NoError(t, err)
	tab, err := tcpmib.IPv4OwnerPID.Parse(b)
	require.NoError(t, err)
	got := tab.AppendSockets(nil)
	require.Equal(t, netip.MustParseAddrPort("10.0.0.1:80"), got[0].Local, "IPv4-mapped addresses are written as IPv4")
	require.Equal(t, netip.MustParseAddrPort("0.0.0.0:0"), got[1].Remote, "the zero Addr is written as 0.0.0.0")
	require.Equal(t, uint32(9), got[0].PID)

	basic := func(s netmib.Socket) netmib.Socket { return of(tcpmib.IPv4Basic, s) }
	_, err = tcpmib.IPv4Basic.AppendTable([]byte("keep"), []netmib.Socket{basic(netmib.Socket{Local: netip.MustParseAddrPort("[2001:db8::1]:1")})})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)
	require.ErrorContains(t, err, "socket 0: netmib: value does not fit the table layout: local address 2001:db8::1 is not an IPv4 address")
	_, err = tcpmib.IPv4Basic.AppendTable(nil, []netmib.Socket{basic(netmib.Socket{Remote: netip.MustParseAddrPort("[2001:db8::1]:1")})})
	require.ErrorIs(t, err, netmib.ErrUnrepresentable)

	// A member the layout lacks must be zero: a table cannot silently drop it.
	for name, e := range map[string]netmib.Socket{
		"dwOwningPid":       {PID: 5},
		"liCreateTimestamp": {CreateTimestamp: 7},
		"OwningModuleInfo":  {ModuleInfo: moduleInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)},
		"dwLocalScopeId":    {LocalScopeID: 3},
		"dwRemoteScopeId":   {RemoteScopeID: 3},
		"dwFlags":           {Flags: 1},
		"dwOffloadState":    {OffloadState: 2},
	} {
		_, err = tcpmib.IPv4Basic.AppendTable(nil, []netmib.Socket{basic(e)})
		require.ErrorIs(t, err, netmib.ErrUnrepresentable, name)
		require.ErrorContains(t, err, name+" is set, but MIB_TCPTABLE has none")
	}
	b, err = tcpmib.IPv4Basic.AppendTable(nil, []netmib.Socket{basic(netmib.Socket{})})
	require.NoError(t, err)
	require.Len(t, b, 4+20)
	require.Equal(t, make([]byte, 20), b[4:])
}

// TestAppendTableMembers checks that a socket goes only into a table of
// its own protocol, family and members: an offload state into a table
// without one, or a socket that does not know a member into a table that
// has it, would not read back as it was.
func TestAppendTableMembers(t *testing.T) {
	known := of(tcpmib.IPv6Table2, netmib.Socket{Local: netip.MustParseAddrPort("[::1]:80"), Remote: netip.MustParseAddrPort("[::]:0"), OffloadState: state.InHost})
	b, err := tcpmib.IPv6Table2.AppendTable(nil, []netmib.Socket{known})
	require.NoError(t, err)
	tab, err := tcpmib.IPv6Table2.Parse(b)
	require.NoError(t, err)
	require.Equal(t, []netmib.Socket{known}, tab.AppendSockets(nil))

	for _, tt := range []struct {
		l    tcpmib.Layout
		s    netmib.Socket
		want string
	}{
		{tcpmib.IPv6OwnerPID, known, "the socket carries the members 0x8f, but MIB_TCP6TABLE_OWNER_PID has 0xf"},
		{tcpmib.IPv6Table2, of(tcpmib.IPv6OwnerPID, netmib.Socket{State: state.Listen}), "the socket carries the members 0xf, but MIB_TCP6TABLE2 has 0x8f"},
		{tcpmib.IPv4Table2, known, "the socket is TCP over IPv6, but MIB_TCPTABLE2 holds TCP over IPv4"},
		{tcpmib.IPv6Table2, netmib.Socket{Proto: netmib.UDP, Family: netmib.IPv6, Known: tcpmib.IPv6Table2.Fields()}, "the socket is UDP over IPv6, but MIB_TCP6TABLE2 holds TCP over IPv6"},
		{tcpmib.IPv6OwnerModule, netmib.Socket{}, "the socket is Proto(0) over Family(0)"},
	} {
		got, err := tt.l.AppendTable([]byte("keep"), []netmib.Socket{tt.s})
		require.ErrorIs(t, err, netmib.ErrUnrepresentable)
		require.ErrorContains(t, err, tt.want)
		require.Equal(t, "keep", string(got))
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

func TestLayoutErrorsAreDistinct(t *testing.T) {
	_, err := tcpmib.LayoutOf(7, 7)
	require.False(t, errors.Is(err, netmib.ErrTruncated))
}
