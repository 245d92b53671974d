package filetime

import (
	"encoding/json"
	"math"
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
	_, ok := FromTime(Time(math.MaxInt64).Add(100 * time.Nanosecond))
	require.False(t, ok)
	_, ok = FromTime(Time(math.MinInt64).Add(-100 * time.Nanosecond))
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
		// HasText is exactly "RFC 3339 can write it and read it back".
		text, err := tm.MarshalText()
		if HasText(ft) {
			require.NoError(t, err)
			parsed, err := time.Parse(time.RFC3339Nano, string(text))
			require.NoError(t, err)
			require.True(t, parsed.Equal(tm))
		} else {
			require.Error(t, err, "year %d", tm.Year())
		}
	})
}

func TestParseJSON(t *testing.T) {
	raw := func(v int64) *int64 { return &v }
	tests := []struct {
		name    string
		raw     *int64
		created string
		want    int64
		err     string
	}{
		{"neither", nil, ``, 0, ""},
		{"raw alone", raw(5), ``, 5, ""},
		{"created alone", nil, `"2024-01-01T00:00:00Z"`, 133_485_408_000_000_000, ""},
		{"both agree", raw(133_485_408_000_000_000), `"2024-01-01T01:00:00+01:00"`, 133_485_408_000_000_000, ""},
		{"null for no text", raw(math.MaxInt64), `null`, math.MaxInt64, ""},
		{"null for a time", raw(5), `null`, 0, "created is null"},
		{"text for no text", raw(math.MinInt64), `"2024-01-01T00:00:00Z"`, 0, "has no time text"},
		{"disagree", raw(5), `"2024-01-01T00:00:00Z"`, 0, "does not match"},
		{"created is 1601", nil, `"1601-01-01T00:00:00Z"`, 0, "means unknown"},
		{"not a string", nil, `7`, 0, "created:"},
	}
	for _, tt := range tests {
		got, err := ParseJSON(tt.raw, json.RawMessage(tt.created))
		if tt.err != "" {
			require.ErrorContains(t, err, tt.err, tt.name)
			continue
		}
		require.NoError(t, err, tt.name)
		require.Equal(t, tt.want, got, tt.name)
	}
}
