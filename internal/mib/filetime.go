package mib

import (
	"math"
	"time"
)

// FILETIME constants: a FILETIME counts 100-nanosecond ticks since
// 1601-01-01 00:00:00 UTC.
const (
	ticksPerSecond   = 10_000_000
	nanosPerTick     = 100
	unixEpochSeconds = 11_644_473_600 // seconds from 1601-01-01 to 1970-01-01
)

// Time converts the FILETIME ft to a UTC time.Time, exactly, for every int64:
// negative and far-future values (corrupt data) give times before 1601 or
// after 9999 rather than overflowing. Zero, which Windows writes when the
// creation time is unknown, gives the zero time.Time.
func Time(ft int64) time.Time {
	if ft == 0 {
		return time.Time{}
	}
	// Divide before shifting the epoch so that no int64 overflows; Go's
	// division truncates toward zero and time.Unix normalises a negative
	// nanosecond part.
	return time.Unix(ft/ticksPerSecond-unixEpochSeconds, ft%ticksPerSecond*nanosPerTick).UTC()
}

// FromTime converts t to a FILETIME, the inverse of [Time]: Time(ft) for
// any ft converts back to ft. The zero time.Time gives 0, and so does the
// instant 1601-01-01 00:00:00 UTC, which a FILETIME cannot tell from
// "unknown". Precision below 100 ns is truncated. ok is false when t lies
// outside the range of an int64 FILETIME (about the years -27627 to 30828).
func FromTime(t time.Time) (ft int64, ok bool) {
	if t.IsZero() {
		return 0, true
	}
	s := t.Unix()
	if s > math.MaxInt64-unixEpochSeconds {
		return 0, false
	}
	q := s + unixEpochSeconds                 // whole seconds since 1601, rounded down
	r := int64(t.Nanosecond()) / nanosPerTick // ticks into that second, [0, 1e7)
	if q < 0 {
		q, r = q+1, r-ticksPerSecond // give q and r the same sign
	}
	const lim = math.MaxInt64 / ticksPerSecond
	if q > lim || q < -lim {
		return 0, false
	}
	ft = q*ticksPerSecond + r // overflows only for q == ±lim, and then flips the sign
	if (q > 0 && ft < 0) || (q < 0 && ft > 0) {
		return 0, false
	}
	return ft, true
}

// HasText reports whether the FILETIME ft is a known time that RFC 3339
// can write: not 0, and in the years 0000 to 9999. Corrupt values outside
// that range have no RFC 3339 text; the JSON forms write null for them and
// keep the raw value beside it.
func HasText(ft int64) bool {
	if ft == 0 {
		return false
	}
	y := Time(ft).Year()
	return y >= 0 && y <= 9999
}
