package tcpmib_test

import (
	"encoding/json"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

func TestEntryJSON(t *testing.T) {
	e := tcpmib.Entry{
		Local: netip.MustParseAddrPort("[fe80::1]:445"), LocalScopeID: 12,
		Remote: netip.MustParseAddrPort("[::ffff:192.0.2.7]:50000"), RemoteScopeID: 4294967295,
		State: state.Established, PID: 4,
		CreateTimestamp: 133_485_408_001_234_567, // 2024-01-01T00:00:00.1234567Z
		ModuleInfo:      moduleInfo(0x0000000a0000001f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff),
	}
	got, err := json.Marshal(e)
	require.NoError(t, err)
	want := `{"local_addr":"fe80::1","local_port":445,"local_scope_id":12,` +
		`"remote_addr":"::ffff:192.0.2.7","remote_port":50000,"remote_scope_id":4294967295,` +
		`"state":"ESTABLISHED","state_code":5,"offload_state":null,"offload_state_code":null,"pid":4,` +
		`"create_timestamp":133485408001234567,"created":"2024-01-01T00:00:00.1234567Z",` +
		`"service_tag":31,"module_info":"` +
		"1f0000000a000000" + strings.Repeat("0000000000000000", 14) + "ff00000000000000" + `"}`
	require.Equal(t, want, string(got))
	require.True(t, json.Valid(got))

	var back tcpmib.Entry
	require.NoError(t, json.Unmarshal(got, &back))
	require.Equal(t, e, back)

	// Pointers and slices marshal the same way.
	got2, err := json.Marshal([]*tcpmib.Entry{&e})
	require.NoError(t, err)
	require.Equal(t, "["+want+"]", string(got2))

	// A TABLE2 row's offload state, known and unknown to the enumeration.
	for st, text := range map[tcpmib.OffloadState]string{tcpmib.InHost: `"InHost","offload_state_code":0`, 9: `"OffloadState(9)","offload_state_code":9`} {
		e2 := tcpmib.Entry{State: state.Established, Offload: tcpmib.Offload{State: st, Known: true}}
		got, err := json.Marshal(e2)
		require.NoError(t, err)
		require.Contains(t, string(got), `"state_code":5,"offload_state":`+text+`,"pid":0`)
		var back tcpmib.Entry
		require.NoError(t, json.Unmarshal(got, &back))
		require.Equal(t, e2, back)
	}
}

func TestEntryJSONKeys(t *testing.T) {
	b, err := json.Marshal(tcpmib.Entry{})
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	keys := []string{"local_addr", "local_port", "local_scope_id", "remote_addr", "remote_port",
		"remote_scope_id", "state", "state_code", "offload_state", "offload_state_code", "pid", "create_timestamp", "created",
		"service_tag", "module_info"}
	require.Len(t, m, len(keys))
	for _, k := range keys {
		require.Contains(t, m, k)
	}
	require.Nil(t, m["created"], "created is null when the FILETIME is 0")
	require.Nil(t, m["offload_state"], "no offload state: null, not InHost")
	require.Nil(t, m["offload_state_code"])
	require.Equal(t, "", m["local_addr"])
	require.Equal(t, "UNKNOWN(0)", m["state"])
	require.Equal(t, strings.Repeat("0", 256), m["module_info"])
}

func TestEntryJSONRoundTripExtremes(t *testing.T) {
	for _, ft := range []int64{0, 1, -1, 1<<63 - 1, -1 << 63, 116444736000000000} {
		e := tcpmib.Entry{CreateTimestamp: ft, State: 0xffffffff, ModuleInfo: moduleInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1<<64-1)}
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var back tcpmib.Entry
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, e, back)
	}
}

func TestEntryUnmarshalPartial(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want tcpmib.Entry
	}{
		{"empty object", `{}`, tcpmib.Entry{}},
		{"state name alone", `{"state":"SynReceived"}`, tcpmib.Entry{State: state.SynReceived}},
		{"state code alone", `{"state_code":100}`, tcpmib.Entry{State: state.Bound}},
		{"created alone", `{"created":"2024-01-01T01:00:00.1234567+01:00"}`, tcpmib.Entry{CreateTimestamp: 133_485_408_001_234_567}},
		{"created null", `{"created":null}`, tcpmib.Entry{}},
		{"created in another zone, same instant", `{"create_timestamp":133485408000000000,"created":"2024-01-01T02:00:00+02:00"}`, tcpmib.Entry{CreateTimestamp: 133_485_408_000_000_000}},
		{"service tag alone", `{"service_tag":7}`, tcpmib.Entry{ModuleInfo: moduleInfo(7)}},
		{"upper-case hex", `{"module_info":"` + "FF" + strings.Repeat("0", 254) + `"}`, tcpmib.Entry{ModuleInfo: moduleInfo(0xff)}},
		{"port without address", `{"local_port":80}`, tcpmib.Entry{Local: netip.AddrPortFrom(netip.Addr{}, 80)}},
		{"ipv4 address", `{"local_addr":"192.0.2.1","local_port":80}`, tcpmib.Entry{Local: netip.MustParseAddrPort("192.0.2.1:80")}},
		{"unknown keys ignored", `{"proto":"tcp","pid":9}`, tcpmib.Entry{PID: 9}},
		{"offload state null", `{"offload_state":null,"offload_state_code":null}`, tcpmib.Entry{}},
		{"offload state name alone", `{"offload_state":"offloaded"}`, tcpmib.Entry{Offload: tcpmib.Offload{State: tcpmib.Offloaded, Known: true}}},
		{"offload state SDK name", `{"offload_state":"TcpConnectionOffloadStateUploading"}`, tcpmib.Entry{Offload: tcpmib.Offload{State: tcpmib.Uploading, Known: true}}},
		{"offload state code alone", `{"offload_state_code":0}`, tcpmib.Entry{Offload: tcpmib.Offload{Known: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got tcpmib.Entry
			require.NoError(t, json.Unmarshal([]byte(tt.in), &got))
			require.Empty(t, cmp.Diff(tt.want, got, cmpAddrs))
		})
	}
}

func TestEntryUnmarshalErrors(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"not an object", `[]`, "cannot unmarshal"},
		{"bad address", `{"local_addr":"1.2.3"}`, "ParseAddr"},
		{"zone", `{"remote_addr":"fe80::1%eth0"}`, "remote_addr \"fe80::1%eth0\" has a zone"},
		{"port out of range", `{"local_port":65536}`, "cannot unmarshal"},
		{"negative pid", `{"pid":-1}`, "cannot unmarshal"},
		{"unknown state", `{"state":"HALF_OPEN"}`, "unknown state name"},
		{"state disagrees", `{"state":"LISTEN","state_code":5}`, `state "LISTEN" does not match state_code 5`},
		{"created disagrees", `{"create_timestamp":133485408000000000,"created":"2024-01-01T00:00:01Z"}`, "does not match create_timestamp"},
		{"created garbage with timestamp", `{"create_timestamp":133485408000000000,"created":"yesterday"}`, "does not match create_timestamp"},
		{"created set, timestamp 0", `{"create_timestamp":0,"created":"2024-01-01T00:00:00Z"}`, "create_timestamp 0 has no time text"},
		{"created null, timestamp set", `{"create_timestamp":5,"created":null}`, "created is null"},
		{"created not a time", `{"created":"yesterday"}`, `created "yesterday" is not an RFC 3339 time`},
		{"created not a string", `{"created":5}`, "cannot unmarshal"},
		{"service tag disagrees", `{"service_tag":8,"module_info":"07` + strings.Repeat("0", 254) + `"}`, "service_tag 8 does not match"},
		{"short module info", `{"module_info":"00"}`, "256 hex digits"},
		{"unknown offload state", `{"offload_state":"Chimney"}`, `unknown offload state "Chimney"`},
		{"offload state disagrees", `{"offload_state":"InHost","offload_state_code":2}`, `offload_state "InHost" does not match offload_state_code 2`},
		{"offload state code negative", `{"offload_state_code":-1}`, "cannot unmarshal"},
		{"bad hex", `{"module_info":"` + strings.Repeat("g", 256) + `"}`, "invalid byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tcpmib.Entry{PID: 1234}
			got := before
			err := json.Unmarshal([]byte(tt.in), &got)
			require.ErrorIs(t, err, netmib.ErrInvalidEntry)
			require.Contains(t, err.Error(), tt.msg)
			require.True(t, strings.HasPrefix(err.Error(), "netmib: invalid entry: "), err.Error())
			require.Equal(t, before, got, "a failed Unmarshal leaves the entry unchanged")
		})
	}
}

func TestEntryUnmarshalJSONDirect(t *testing.T) {
	// encoding/json rejects malformed text before calling UnmarshalJSON;
	// called directly, UnmarshalJSON wraps the syntax error itself.
	var e tcpmib.Entry
	err := e.UnmarshalJSON([]byte(`{"pid":`))
	require.ErrorIs(t, err, netmib.ErrInvalidEntry)
	var syntax *json.SyntaxError
	require.ErrorAs(t, err, &syntax)
}

func TestEntryJSONDropsZones(t *testing.T) {
	// Zones are not part of the form (scope IDs are): a zoned Entry, which
	// only a caller can build, marshals without them and reads back.
	e := tcpmib.Entry{
		Local:  netip.AddrPortFrom(netip.MustParseAddr("fe80::1%eth0"), 1),
		Remote: netip.AddrPortFrom(netip.MustParseAddr(`fe80::2%a"b\`), 2),
	}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	require.True(t, json.Valid(b))
	var back tcpmib.Entry
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, netip.MustParseAddrPort("[fe80::1]:1"), back.Local)
	require.Equal(t, netip.MustParseAddrPort("[fe80::2]:2"), back.Remote)
}

func TestEntryUnmarshalNull(t *testing.T) {
	e := tcpmib.Entry{PID: 7}
	require.NoError(t, json.Unmarshal([]byte("null"), &e))
	require.Equal(t, uint32(7), e.PID)
	var doc struct{ E tcpmib.Entry }
	doc.E.PID = 8
	require.NoError(t, json.Unmarshal([]byte(`{"E":null}`), &doc))
	require.Equal(t, uint32(8), doc.E.PID)
}

// TestEntryJSONCreatedText checks the created key at the edges of the
// years RFC 3339 can write, 0000 to 9999: inside, a time any RFC 3339
// parser reads back to the same instant; outside, and for 0, null, with
// create_timestamp carrying the raw value, and both forms read back.
func TestEntryJSONCreatedText(t *testing.T) {
	ticks := func(tm time.Time) int64 { return (tm.Unix() + 11_644_473_600) * 10_000_000 } // whole seconds only
	last := ticks(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)) + 9_999_999
	first := ticks(time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		ft   int64
		want string // the created value as JSON
	}{
		{0, `null`},
		{1, `"1601-01-01T00:00:00.0000001Z"`},
		{-1, `"1600-12-31T23:59:59.9999999Z"`},
		{last, `"9999-12-31T23:59:59.9999999Z"`},
		{last + 1, `null`}, // 10000-01-01
		{first, `"0000-01-01T00:00:00Z"`},
		{first - 1, `null`}, // the last tick of year -1
		{math.MaxInt64, `null`},
		{math.MinInt64, `null`},
	}
	for _, tt := range tests {
		e := tcpmib.Entry{CreateTimestamp: tt.ft}
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &m))
		require.Equal(t, tt.want, string(m["created"]), "FILETIME %d", tt.ft)
		require.Equal(t, strconv.FormatInt(tt.ft, 10), string(m["create_timestamp"]))
		if tt.want != `null` {
			var s string
			require.NoError(t, json.Unmarshal(m["created"], &s))
			parsed, err := time.Parse(time.RFC3339Nano, s)
			require.NoError(t, err, "created must be RFC 3339 a parser reads")
			require.True(t, parsed.Equal(e.Created()))
		}
		var back tcpmib.Entry
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, e, back)
	}
	// A null created agrees with a FILETIME that has no text, not with one that has.
	var e tcpmib.Entry
	require.NoError(t, json.Unmarshal([]byte(`{"create_timestamp":9223372036854775807,"created":null}`), &e))
	require.Equal(t, int64(math.MaxInt64), e.CreateTimestamp)
	err := json.Unmarshal([]byte(`{"create_timestamp":1,"created":null}`), &e)
	require.ErrorIs(t, err, netmib.ErrInvalidEntry)
}
