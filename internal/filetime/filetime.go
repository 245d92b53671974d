// Package filetime converts Windows FILETIMEs, the creation times of the
// OWNER_MODULE rows and of processes, to and from time.Time and their JSON
// forms. A FILETIME counts 100-nanosecond ticks since 1601-01-01 UTC; 0
// means unknown.
package filetime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/netmib/netmib/internal/text"
)

// quote quotes a value from the input for an error message, escaped and
// cut short.
func quote(s string) string { return text.Quote(s) }

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

// AppendJSON appends the JSON value of the created key for the
// FILETIME ft: the UTC time as time.RFC3339Nano writes it, in quotes, or
// null when ft is 0 (unknown) or lies outside the years 0000 to 9999, which
// RFC 3339 cannot write (see [HasText]); create_timestamp keeps the raw
// value beside it.
func AppendJSON(b []byte, ft int64) []byte {
	if !HasText(ft) {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = Time(ft).AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// ParseJSON returns the FILETIME the optional create_timestamp (raw) and
// created values give. create_timestamp wins; created, when also present,
// must be what [AppendJSON] writes for it, or name the same instant to the
// 100 ns tick. created alone gives its FILETIME. Errors quote the input
// escaped and cut short.
func ParseJSON(raw *int64, created json.RawMessage) (int64, error) {
	var text *string
	if len(created) > 0 && !bytes.Equal(created, []byte("null")) {
		var s string
		if err := json.Unmarshal(created, &s); err != nil {
			return 0, fmt.Errorf("created: %w", err)
		}
		text = &s
	}
	if raw != nil {
		switch {
		case text == nil && len(created) > 0 && HasText(*raw): // an explicit null
			return 0, fmt.Errorf("created is null but create_timestamp %d is a time", *raw)
		case text == nil:
			return *raw, nil
		case !HasText(*raw):
			return 0, fmt.Errorf("created is %s but create_timestamp %d has no time text", quote(*text), *raw)
		}
		want := AppendJSON(nil, *raw)
		if string(want[1:len(want)-1]) == *text {
			return *raw, nil
		}
		t, err := time.Parse(time.RFC3339Nano, *text)
		if ft, ok := FromTime(t); err != nil || !ok || ft != *raw {
			return 0, fmt.Errorf("created %s does not match create_timestamp %d", quote(*text), *raw)
		}
		return *raw, nil
	}
	if text == nil {
		return 0, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *text)
	if err != nil {
		return 0, fmt.Errorf("created %s is not an RFC 3339 time", quote(*text))
	}
	ft, ok := FromTime(t)
	if !ok {
		return 0, fmt.Errorf("created %s is outside the range of a FILETIME", quote(*text))
	}
	if ft == 0 {
		return 0, fmt.Errorf("created %s is the FILETIME 0, which means unknown; write null", quote(*text))
	}
	return ft, nil
}
