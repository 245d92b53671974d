package tcpmib_test

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// rawTable returns a MIB_TCP6TABLE_OWNER_MODULE with one zeroed row in which
// patch has written bytes at explicit offsets. It uses no code under test, so
// the field tests check the decoder against docs/wire.md §3, not against the
// encoder.
func rawTable(patches map[int][]byte) []byte {
	b := make([]byte, 8+192)
	b[0] = 1 // dwNumEntries
	for off, v := range patches {
		copy(b[8+off:], v)
	}
	return b
}

func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

func oneRow(t *testing.T, patches map[int][]byte) tcpmib.Row {
	t.Helper()
	tab, err := tcpmib.Parse(rawTable(patches))
	require.NoError(t, err)
	require.Equal(t, 1, tab.Len())
	return tab.Row(0)
}

func TestRowFields(t *testing.T) {
	fe80 := []byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x15, 0x5d, 0xff, 0xfe, 0x01, 0x02, 0x03}
	mapped := []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}
	tests := []struct {
		name    string
		patches map[int][]byte
		check   func(t *testing.T, r tcpmib.Row)
	}{
		{"zero row", nil, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, netip.MustParseAddrPort("[::]:0"), r.Local())
			require.Equal(t, netip.MustParseAddrPort("[::]:0"), r.Remote())
			require.Equal(t, state.State(0), r.State())
			require.True(t, r.Created().IsZero())
		}},
		{"local address at 0", map[int][]byte{0: fe80}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, netip.MustParseAddr("fe80::215:5dff:fe01:203"), r.Local().Addr())
			require.Empty(t, r.Local().Addr().Zone())
		}},
		{"local scope at 16, little-endian", map[int][]byte{16: {0x0c, 0, 0, 0}}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint32(12), r.LocalScopeID())
		}},
		{"local scope byte order", map[int][]byte{16: {1, 2, 3, 4}}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint32(0x04030201), r.LocalScopeID())
		}},
		{"local port at 20, network order", map[int][]byte{20: {0x01, 0xbb, 0, 0}}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint16(443), r.Local().Port())
		}},
		{"local port ignores bytes 22-23", map[int][]byte{20: {0x01, 0xbb, 0xcc, 0xcc}}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint16(443), r.Local().Port())
		}},
		{"remote address at 24", map[int][]byte{24: mapped}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, netip.MustParseAddr("::ffff:192.0.2.1"), r.Remote().Addr())
			require.True(t, r.Remote().Addr().Is4In6(), "mapped addresses keep their IPv6 form")
		}},
		{"remote scope at 40", map[int][]byte{40: le32(0xfffffffe)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint32(0xfffffffe), r.RemoteScopeID())
			require.Zero(t, r.LocalScopeID())
		}},
		{"remote port at 44, bytes 46-47 ignored", map[int][]byte{44: {0xff, 0xfe, 0x12, 0x34}}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint16(65534), r.Remote().Port())
			require.Zero(t, r.Local().Port())
		}},
		{"state at 48", map[int][]byte{48: le32(5)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, state.Established, r.State())
		}},
		{"state 100 is BOUND", map[int][]byte{48: le32(100)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, state.Bound, r.State())
		}},
		{"unknown state is kept", map[int][]byte{48: le32(0xffffffff)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, "UNKNOWN(4294967295)", r.State().String())
		}},
		{"pid at 52", map[int][]byte{52: le32(0x12345678)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint32(0x12345678), r.PID())
		}},
		{"timestamp at 56, FILETIME", map[int][]byte{56: le64(133_485_408_000_000_000)}, func(t *testing.T, r tcpmib.Row) {
			// (1704067200 s + 11644473600 s) * 10^7: 2024-01-01T00:00:00Z.
			require.Equal(t, int64(133_485_408_000_000_000), r.CreateTimestamp())
			require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), r.Created())
			require.Equal(t, time.UTC, r.Created().Location())
		}},
		{"timestamp ticks are 100 ns", map[int][]byte{56: le64(116_444_736_000_000_001)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, time.Unix(0, 100).UTC(), r.Created())
		}},
		{"timestamp 0 is unknown", map[int][]byte{56: le64(0)}, func(t *testing.T, r tcpmib.Row) {
			require.True(t, r.Created().IsZero())
		}},
		{"timestamp 1 is 1601", map[int][]byte{56: le64(1)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, time.Date(1601, 1, 1, 0, 0, 0, 100, time.UTC), r.Created())
		}},
		{"timestamp -1 is before 1601", map[int][]byte{56: le64(0xffffffffffffffff)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, int64(-1), r.CreateTimestamp())
			require.Equal(t, time.Date(1600, 12, 31, 23, 59, 59, 999_999_900, time.UTC), r.Created())
		}},
		{"timestamp max", map[int][]byte{56: le64(1<<63 - 1)}, func(t *testing.T, r tcpmib.Row) {
			// The largest FILETIME Windows can hold, 30828-09-14 02:48:05.4775807.
			require.Equal(t, time.Date(30828, 9, 14, 2, 48, 5, 477_580_700, time.UTC), r.Created())
		}},
		{"timestamp min", map[int][]byte{56: le64(1 << 63)}, func(t *testing.T, r tcpmib.Row) {
			// 2^63 ticks before 1601, to the tick: no overflow.
			got := r.Created()
			require.Equal(t, int64(-1<<63), r.CreateTimestamp())
			back := got.Sub(time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)) // saturates at MinInt64 ns
			require.Equal(t, time.Duration(-1<<63), back)
			require.Equal(t, 1, time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC).Compare(got))
			require.Equal(t, int64(-922337203685-11644473600-1), got.Unix())
			require.Equal(t, 522_419_200, got.Nanosecond())
		}},
		{"module info at 64, little-endian", map[int][]byte{64: le64(0x00000000_0000002a), 64 + 8: le64(0x0102030405060708), 64 + 120: le64(0xffffffffffffffff)}, func(t *testing.T, r tcpmib.Row) {
			m := r.ModuleInfo()
			require.Equal(t, uint64(42), m.Uint64(0))
			require.Equal(t, uint64(0x0102030405060708), m.Uint64(1))
			require.Equal(t, uint64(0xffffffffffffffff), m.Uint64(15))
			for i := 2; i < 15; i++ {
				require.Zero(t, m.Uint64(i))
			}
			require.Equal(t, []byte{42, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1}, m[:16], "the bytes as the buffer holds them")
			require.Equal(t, uint32(42), r.ServiceTag())
		}},
		{"service tag is the low half of element 0", map[int][]byte{64: le64(0xdeadbeef_00000007)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint32(7), r.ServiceTag())
			m := r.ModuleInfo()
			require.Equal(t, uint64(0xdeadbeef_00000007), m.Uint64(0))
		}},
		{"header padding is ignored", map[int][]byte{-4: {0xde, 0xad, 0xbe, 0xef}, 52: le32(9)}, func(t *testing.T, r tcpmib.Row) {
			require.Equal(t, uint32(9), r.PID())
			require.Zero(t, r.LocalScopeID())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := oneRow(t, tt.patches)
			tt.check(t, r)
			// The decoded value agrees with the view, field by field, and
			// the bulk decoders with the one-row one.
			e := r.Socket()
			tab, _ := tcpmib.Parse(rawTable(tt.patches))
			require.Equal(t, []netmib.Socket{e}, tab.AppendSockets(nil))
			require.Equal(t, netmib.TCP, e.Proto)
			require.Equal(t, netmib.IPv6, e.Family)
			require.Equal(t, tcpmib.IPv6OwnerModule.Fields(), e.Known)
			require.Equal(t, e.Known, r.Fields())
			require.Equal(t, r.Local(), e.Local)
			require.Equal(t, r.Remote(), e.Remote)
			require.Equal(t, r.LocalScopeID(), e.LocalScopeID)
			require.Equal(t, r.RemoteScopeID(), e.RemoteScopeID)
			require.Equal(t, r.State(), e.State)
			require.Equal(t, r.PID(), e.PID)
			require.Equal(t, r.CreateTimestamp(), e.CreateTimestamp)
			require.Equal(t, r.ModuleInfo(), e.ModuleInfo)
			require.Equal(t, r.Created(), e.Created())
			require.Equal(t, r.ServiceTag(), e.ServiceTag())
		})
	}
}

func TestZeroRow(t *testing.T) {
	var r tcpmib.Row
	require.Equal(t, netip.AddrPort{}, r.Local())
	require.Equal(t, netip.AddrPort{}, r.Remote())
	require.Zero(t, r.LocalScopeID())
	require.Zero(t, r.RemoteScopeID())
	require.Zero(t, r.State())
	require.Zero(t, r.PID())
	require.Zero(t, r.CreateTimestamp())
	require.True(t, r.Created().IsZero())
	require.Zero(t, r.ModuleInfo())
	require.Zero(t, r.ServiceTag())
	require.Zero(t, r.OffloadState())
	require.Zero(t, r.Fields())
	require.Zero(t, r.Layout())
	require.Equal(t, netmib.Socket{}, r.Socket())
}
