package mib

import (
	"math"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTime(t *testing.T) {
	tests := []struct {
		ft   int64
		want time.Time
	}{
		{0, time.Time{}},
		{1, time.Date(1601, 1, 1, 0, 0, 0, 100, time.UTC)},
		{-1, time.Date(1600, 12, 31, 23, 59, 59, 999_999_900, time.UTC)},
		{116_444_736_000_000_000, time.Unix(0, 0).UTC()},
		{116_444_736_000_000_000 - 1, time.Unix(0, -100).UTC()},
		{133_485_408_000_000_000, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{math.MaxInt64, time.Date(30828, 9, 14, 2, 48, 5, 477_580_700, time.UTC)},
	}
	for _, tt := range tests {
		got := Time(tt.ft)
		require.True(t, tt.want.Equal(got), "Time(%d) = %v, want %v", tt.ft, got, tt.want)
		require.Equal(t, tt.want.Location(), got.Location())
		back, ok := FromTime(got)
		require.True(t, ok)
		require.Equal(t, tt.ft, back)
	}
}

func TestFromTimeRange(t *testing.T) {
	for _, ft := range []int64{math.MinInt64, math.MinInt64 + 1, math.MinInt64 + 9_999_999, math.MaxInt64 - 1, -10_000_000, -10_000_001} {
		back, ok := FromTime(Time(ft))
		require.True(t, ok, "%d", ft)
		require.Equal(t, ft, back)
	}
	tooLate := Time(math.MaxInt64).Add(100 * time.Nanosecond)
	_, ok := FromTime(tooLate)
	require.False(t, ok)
	tooEarly := Time(math.MinInt64).Add(-100 * time.Nanosecond)
	_, ok = FromTime(tooEarly)
	require.False(t, ok)
	_, ok = FromTime(time.Unix(math.MaxInt64-100, 0))
	require.False(t, ok)
	_, ok = FromTime(time.Unix(math.MinInt64/2, 0))
	require.False(t, ok)

	// Sub-tick precision is truncated; the zero time and 1601 are both 0.
	ft, ok := FromTime(time.Date(2024, 1, 1, 0, 0, 0, 199, time.UTC))
	require.True(t, ok)
	require.Equal(t, int64(133_485_408_000_000_001), ft)
	ft, ok = FromTime(time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC))
	require.True(t, ok)
	require.Zero(t, ft)
	ft, ok = FromTime(time.Time{})
	require.True(t, ok)
	require.Zero(t, ft)
	// Zones do not matter.
	ft, ok = FromTime(time.Date(2024, 1, 1, 1, 0, 0, 0, time.FixedZone("x", 3600)))
	require.True(t, ok)
	require.Equal(t, int64(133_485_408_000_000_000), ft)
}

func FuzzTime(f *testing.F) {
	for _, ft := range []int64{1, -1, math.MaxInt64, math.MinInt64, 133_485_408_000_000_000} {
		f.Add(ft)
	}
	f.Fuzz(func(t *testing.T, ft int64) {
		tm := Time(ft)
		if ft == 0 {
			require.True(t, tm.IsZero())
			return
		}
		back, ok := FromTime(tm)
		require.True(t, ok)
		require.Equal(t, ft, back)
		require.Equal(t, tm, Created(le64(ft), 0))
	})
}

func le64(v int64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(uint64(v) >> (8 * i))
	}
	return b
}

func validSpec() Spec {
	return Spec{
		ID: 1, Pkg: "tcpmib", Name: "TEST6", HeaderSize: 8, RowSize: 192, IPv6: true,
		LocalAddr: 0, LocalScope: 16, LocalPort: 20, RemoteAddr: 24, RemoteScope: 40, RemotePort: 44,
		State: 48, PID: 52, Timestamp: 56, ModuleInfo: 64, Flags: Absent,
	}
}

func TestDefinePacksOffsets(t *testing.T) {
	l := Define(validSpec())
	o := l.Offsets
	require.True(t, o.IPv6())
	require.Equal(t, 0, o.LocalAddr())
	require.Equal(t, 24, o.RemoteAddr())
	require.Equal(t, 16, o.Scope(o.LocalAddr()))
	require.Equal(t, 40, o.Scope(o.RemoteAddr()))
	require.Equal(t, 48, o.State())
	require.Equal(t, 52, o.PID())
	require.Equal(t, 56, o.Timestamp())
	require.Equal(t, 64, o.ModuleInfo())
	require.Equal(t, Absent, o.Flags())

	v4 := Define(Spec{Name: "TEST4", HeaderSize: 4, RowSize: 24, State: 0, LocalAddr: 4, LocalScope: Absent, LocalPort: 8,
		RemoteAddr: 12, RemoteScope: Absent, RemotePort: 16, PID: 20, Timestamp: Absent, Flags: Absent, ModuleInfo: Absent}).Offsets
	require.False(t, v4.IPv6())
	require.Equal(t, 4, v4.LocalAddr())
	require.Equal(t, 12, v4.RemoteAddr())
	require.Equal(t, 20, v4.PID())
	require.Equal(t, Absent, v4.Scope(v4.LocalAddr()), "IPv4 rows have no scope")
}

func TestDefineRejects(t *testing.T) {
	tests := map[string]func(s *Spec){
		"row too large":           func(s *Spec) { s.RowSize = 300 },
		"bad header":              func(s *Spec) { s.HeaderSize = 6 },
		"member past the row":     func(s *Spec) { s.ModuleInfo = 100 },
		"overlap":                 func(s *Spec) { s.PID = 50 },
		"scope elsewhere":         func(s *Spec) { s.LocalScope = 17 },
		"port elsewhere":          func(s *Spec) { s.RemotePort = 45 },
		"port without address":    func(s *Spec) { s.RemoteAddr = Absent },
		"negative offset":         func(s *Spec) { s.State = -4 },
		"scope on ipv4 addresses": func(s *Spec) { s.IPv6 = false },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			s := validSpec()
			mutate(&s)
			require.Panics(t, func() { Define(s) })
		})
	}
}

func TestReadersOnShortOrAbsent(t *testing.T) {
	row := make([]byte, 24)
	for i := range row {
		row[i] = 0xff
	}
	require.Zero(t, DWORD(row, Absent))
	require.Zero(t, DWORD(row, 21))
	require.Equal(t, uint32(0xffffffff), DWORD(row, 20))
	require.Zero(t, Int64(row, 17))
	require.Zero(t, Created(row, Absent))
	var m [16]uint64
	m[3] = 7
	ModuleInfo(&m, row, 0)
	require.Zero(t, m, "a member that does not fit reads as zeros")

	var zero Offsets // the zero row view: every member at 0 of an empty row
	require.Equal(t, netip.AddrPort{}, AddrPort(nil, zero, false))
	six := Define(validSpec()).Offsets
	require.Equal(t, netip.AddrPort{}, AddrPort(row[:23], six, false))
	require.Equal(t, netip.MustParseAddrPort("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"), AddrPort(row, six, false))
	noRemote := six&^(0xff<<remoteShift) | Absent<<remoteShift
	require.Equal(t, netip.AddrPort{}, AddrPort(row, noRemote, true))
}

func TestModuleInfoHex(t *testing.T) {
	m := [16]uint64{0x0102030405060708, 15: 0xff}
	h := string(AppendModuleInfoHex(nil, &m))
	require.Len(t, h, 256)
	require.True(t, strings.HasPrefix(h, "0807060504030201"), h)
	require.True(t, strings.HasSuffix(h, "ff00000000000000"), h)
	back, err := ParseModuleInfoHex(strings.ToUpper(h))
	require.NoError(t, err)
	require.Equal(t, m, back)
	_, err = ParseModuleInfoHex(h[:254])
	require.Error(t, err)
	_, err = ParseModuleInfoHex(h[:255] + "x")
	require.Error(t, err)
}

func TestPutAddr(t *testing.T) {
	b := make([]byte, 8)
	require.NoError(t, PutAddr(b, false, 0, netip.MustParseAddr("::ffff:10.0.0.1")))
	require.Equal(t, []byte{10, 0, 0, 1}, b[:4])
	require.ErrorIs(t, PutAddr(b, false, 4, netip.MustParseAddr("2001:db8::1")), errNotIPv4)
	require.NoError(t, PutAddr(b, false, 4, netip.Addr{}))
	require.NoError(t, PutAddr(b, false, Absent, netip.MustParseAddr("2001:db8::1")))
}
