package netmib_test

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
)

var cmpAddrs = cmpopts.EquateComparable(netip.Addr{}, netip.AddrPort{})

func moduleInfo(words ...uint64) (m netmib.ModuleInfo) {
	for i, w := range words {
		binary.LittleEndian.PutUint64(m[8*i:], w)
	}
	return m
}

// tcp6 is a socket of a MIB_TCP6TABLE_OWNER_MODULE.
func tcp6() netmib.Socket {
	return netmib.Socket{
		Proto: netmib.TCP, Family: netmib.IPv6,
		Local: netip.MustParseAddrPort("[fe80::1]:445"), LocalScopeID: 12,
		Remote: netip.MustParseAddrPort("[::ffff:192.0.2.7]:50000"), RemoteScopeID: 4294967295,
		State: state.Established, PID: 4,
		CreateTimestamp: 133_485_408_001_234_567, // 2024-01-01T00:00:00.1234567Z
		ModuleInfo:      moduleInfo(0x0000000a0000001f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff),
		Known: netmib.FieldRemote | netmib.FieldState | netmib.FieldScopeIDs | netmib.FieldPID |
			netmib.FieldCreateTimestamp | netmib.FieldModuleInfo,
	}
}

func TestSocketJSON(t *testing.T) {
	s := tcp6()
	got, err := json.Marshal(s)
	require.NoError(t, err)
	want := `{"proto":"tcp","family":"IPv6","local_addr":"fe80::1","local_port":445,"local_scope_id":12,` +
		`"remote_addr":"::ffff:192.0.2.7","remote_port":50000,"remote_scope_id":4294967295,` +
		`"state":"ESTABLISHED","state_code":5,"offload_state":null,"offload_state_code":null,"pid":4,` +
		`"create_timestamp":133485408001234567,"created":"2024-01-01T00:00:00.1234567Z",` +
		`"service_tag":31,"module_info":"` +
		"1f0000000a000000" + strings.Repeat("0000000000000000", 14) + "ff00000000000000" + `",` +
		`"flags":null,"specific_port_bind":null}`
	require.Equal(t, want, string(got))

	var back netmib.Socket
	require.NoError(t, json.Unmarshal(got, &back))
	require.Equal(t, s, back)

	// Pointers and slices marshal the same way.
	got2, err := json.Marshal([]*netmib.Socket{&s})
	require.NoError(t, err)
	require.Equal(t, "["+want+"]", string(got2))

	// A TABLE2 row's offload state, known and unknown to the enumeration.
	for st, text := range map[state.OffloadState]string{state.InHost: `"InHost","offload_state_code":0`, 9: `"OffloadState(9)","offload_state_code":9`} {
		s2 := netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv4, State: state.Established, OffloadState: st,
			Known: netmib.FieldRemote | netmib.FieldState | netmib.FieldPID | netmib.FieldOffloadState}
		got, err := json.Marshal(s2)
		require.NoError(t, err)
		require.Contains(t, string(got), `"state_code":5,"offload_state":`+text+`,"pid":0`)
		var back netmib.Socket
		require.NoError(t, json.Unmarshal(got, &back))
		require.Equal(t, s2, back)
	}

	// A UDP OWNER_MODULE row: no remote end or state, and all of dwFlags.
	udp := netmib.Socket{Proto: netmib.UDP, Family: netmib.IPv4, Local: netip.MustParseAddrPort("0.0.0.0:5353"),
		PID: 2210, Flags: 0x80000001, Known: netmib.FieldPID | netmib.FieldCreateTimestamp | netmib.FieldModuleInfo | netmib.FieldFlags}
	got, err = json.Marshal(udp)
	require.NoError(t, err)
	require.Contains(t, string(got), `"remote_addr":null,"remote_port":null,"remote_scope_id":null,"state":null,"state_code":null`)
	require.Contains(t, string(got), `"flags":2147483649,"specific_port_bind":true}`)
	require.NoError(t, json.Unmarshal(got, &back))
	require.Equal(t, udp, back)
}

// TestSocketJSONZero checks that the zero Socket, which knows nothing,
// marshals, and reads back.
func TestSocketJSONZero(t *testing.T) {
	b, err := json.Marshal(netmib.Socket{})
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	keys := []string{"proto", "family", "local_addr", "local_port", "local_scope_id", "remote_addr", "remote_port",
		"remote_scope_id", "state", "state_code", "offload_state", "offload_state_code", "pid", "create_timestamp", "created",
		"service_tag", "module_info", "flags", "specific_port_bind"}
	require.Len(t, m, len(keys))
	for _, k := range keys {
		require.Contains(t, m, k)
		switch k {
		case "local_addr":
			require.Equal(t, "", m[k])
		case "local_port":
			require.Equal(t, 0.0, m[k])
		default:
			require.Nil(t, m[k], "%s: nothing is known of the zero Socket", k)
		}
	}
	var back netmib.Socket
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, netmib.Socket{}, back)
}

func TestSocketJSONRoundTripExtremes(t *testing.T) {
	for _, ft := range []int64{0, 1, -1, 1<<63 - 1, -1 << 63, 116444736000000000} {
		s := tcp6()
		s.CreateTimestamp, s.State, s.ModuleInfo = ft, 0xffffffff, moduleInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1<<64-1)
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back netmib.Socket
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, s, back)
	}
	odd := netmib.Socket{Proto: 9, Family: 7}
	b, err := json.Marshal(odd)
	require.NoError(t, err)
	require.Contains(t, string(b), `{"proto":"Proto(9)","family":"Family(7)",`)
	var back netmib.Socket
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, odd, back)
}

func TestSocketUnmarshalPartial(t *testing.T) {
	known := func(f netmib.Fields, s netmib.Socket) netmib.Socket { s.Known = f; return s }
	tests := []struct {
		name string
		in   string
		want netmib.Socket
	}{
		{"empty object", `{}`, netmib.Socket{}},
		{"names in any case", `{"proto":"TCP","family":"ipv6"}`, netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv6}},
		{"state in another spelling", `{"state":"SynReceived","state_code":4}`, known(netmib.FieldState, netmib.Socket{State: state.SynReceived})},
		{"created in another zone, same instant", `{"create_timestamp":133485408000000000,"created":"2024-01-01T02:00:00+02:00"}`,
			known(netmib.FieldCreateTimestamp, netmib.Socket{CreateTimestamp: 133_485_408_000_000_000})},
		{"upper-case hex", `{"service_tag":255,"module_info":"` + "FF" + strings.Repeat("0", 254) + `"}`, known(netmib.FieldModuleInfo, netmib.Socket{ModuleInfo: moduleInfo(0xff)})},
		{"port without address", `{"local_port":80}`, netmib.Socket{Local: netip.AddrPortFrom(netip.Addr{}, 80)}},
		{"unknown keys ignored", `{"interface":"eth0","pid":9}`, known(netmib.FieldPID, netmib.Socket{PID: 9})},
		{"null is unknown", `{"pid":null,"state":null,"state_code":null,"offload_state":null,"offload_state_code":null}`, netmib.Socket{}},
		{"offload state SDK name", `{"offload_state":"TcpConnectionOffloadStateUploading","offload_state_code":3}`, known(netmib.FieldOffloadState, netmib.Socket{OffloadState: state.Uploading})},
		{"flags without specific_port_bind", `{"flags":1}`, known(netmib.FieldFlags, netmib.Socket{Flags: 1})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got netmib.Socket
			require.NoError(t, json.Unmarshal([]byte(tt.in), &got))
			require.Empty(t, cmp.Diff(tt.want, got, cmpAddrs))
		})
	}
}

func TestSocketUnmarshalErrors(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"not an object", `[]`, "cannot unmarshal"},
		{"bad address", `{"local_addr":"1.2.3"}`, "ParseAddr"},
		{"zone", `{"remote_addr":"fe80::1%eth0","remote_port":1}`, `remote_addr "fe80::1%eth0" has a zone`},
		{"port out of range", `{"local_port":65536}`, "cannot unmarshal"},
		{"negative pid", `{"pid":-1}`, "cannot unmarshal"},
		{"unknown protocol", `{"proto":"sctp"}`, `protocol "sctp" is not tcp or udp`},
		{"unknown family", `{"family":"IPX"}`, `family "IPX" is not IPv4 or IPv6`},
		{"unknown state", `{"state":"HALF_OPEN","state_code":1}`, "unknown state name"},
		{"state alone", `{"state":"LISTEN"}`, "state and state_code go together"},
		{"state disagrees", `{"state":"LISTEN","state_code":5}`, `state "LISTEN" does not match state_code 5`},
		{"remote address alone", `{"remote_addr":"::1"}`, "remote_addr and remote_port go together"},
		{"remote scope alone", `{"remote_scope_id":1}`, "remote_scope_id without remote_addr"},
		{"remote scope missing", `{"local_scope_id":1,"remote_addr":"::1","remote_port":1}`, "remote_scope_id is missing"},
		{"created disagrees", `{"create_timestamp":133485408000000000,"created":"2024-01-01T00:00:01Z"}`, "does not match create_timestamp"},
		{"created set, timestamp 0", `{"create_timestamp":0,"created":"2024-01-01T00:00:00Z"}`, "create_timestamp 0 has no time text"},
		{"created null, timestamp set", `{"create_timestamp":5,"created":null}`, "created is null"},
		{"created alone", `{"created":"2024-01-01T00:00:00Z"}`, "created without create_timestamp"},
		{"service tag disagrees", `{"service_tag":8,"module_info":"07` + strings.Repeat("0", 254) + `"}`, "service_tag does not match module_info"},
		{"service tag alone", `{"service_tag":8}`, "service_tag without module_info"},
		{"short module info", `{"module_info":"00","service_tag":0}`, "256 hex digits"},
		{"unknown offload state", `{"offload_state":"Chimney","offload_state_code":0}`, `unknown offload state name "Chimney"`},
		{"offload state disagrees", `{"offload_state":"InHost","offload_state_code":2}`, `offload_state "InHost" does not match offload_state_code 2`},
		{"specific_port_bind disagrees", `{"flags":0,"specific_port_bind":true}`, "specific_port_bind does not match bit 0 of flags"},
		{"specific_port_bind alone", `{"specific_port_bind":true}`, "specific_port_bind without flags"},
		{"an escape in the input", `{"proto":"tcp\n\u001b[2J"}`, `protocol "tcp\n\x1b[2J" is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := netmib.Socket{PID: 1234, Known: netmib.FieldPID}
			got := before
			err := json.Unmarshal([]byte(tt.in), &got)
			require.ErrorIs(t, err, netmib.ErrInvalidSocket)
			require.Contains(t, err.Error(), tt.msg)
			require.True(t, strings.HasPrefix(err.Error(), "netmib: invalid socket: "), err.Error())
			require.NotContains(t, err.Error(), "\n")
			require.Equal(t, before, got, "a failed Unmarshal leaves the socket unchanged")
		})
	}
}

func TestSocketUnmarshalNull(t *testing.T) {
	s := netmib.Socket{PID: 7}
	require.NoError(t, json.Unmarshal([]byte("null"), &s))
	require.Equal(t, uint32(7), s.PID)
	var syntax *json.SyntaxError
	require.ErrorAs(t, s.UnmarshalJSON([]byte(`{"pid":`)), &syntax)
}

func TestSocketJSONDropsZones(t *testing.T) {
	// Zones are not part of the form (scope IDs are): a zoned Socket, which
	// only a caller can build, marshals without them and reads back.
	s := netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv6, Known: netmib.FieldRemote,
		Local:  netip.AddrPortFrom(netip.MustParseAddr("fe80::1%eth0"), 1),
		Remote: netip.AddrPortFrom(netip.MustParseAddr(`fe80::2%a"b\`), 2),
	}
	b, err := json.Marshal(s)
	require.NoError(t, err)
	require.True(t, json.Valid(b))
	var back netmib.Socket
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, netip.MustParseAddrPort("[fe80::1]:1"), back.Local)
	require.Equal(t, netip.MustParseAddrPort("[fe80::2]:2"), back.Remote)
}

// TestSocketJSONCreatedText checks the created key at the edges of the
// years RFC 3339 can write, 0000 to 9999: inside, a time any RFC 3339
// parser reads back to the same instant; outside, and for 0, null, with
// create_timestamp carrying the raw value, and both forms read back.
func TestSocketJSONCreatedText(t *testing.T) {
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
		s := netmib.Socket{Proto: netmib.UDP, Family: netmib.IPv4, CreateTimestamp: tt.ft, Known: netmib.FieldCreateTimestamp}
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &m))
		require.Equal(t, tt.want, string(m["created"]), "FILETIME %d", tt.ft)
		require.Equal(t, strconv.FormatInt(tt.ft, 10), string(m["create_timestamp"]))
		if tt.want != `null` {
			var text string
			require.NoError(t, json.Unmarshal(m["created"], &text))
			parsed, err := time.Parse(time.RFC3339Nano, text)
			require.NoError(t, err, "created must be RFC 3339 a parser reads")
			require.True(t, parsed.Equal(s.Created()))
		}
		var back netmib.Socket
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, s, back)
	}
}

// FuzzSocketJSON checks that whatever UnmarshalJSON accepts marshals to a
// form that reads back to the same socket.
func FuzzSocketJSON(f *testing.F) {
	for _, s := range []netmib.Socket{tcp6(), {}, {Proto: netmib.UDP, Family: netmib.IPv4, Flags: 3, Known: netmib.FieldFlags}} {
		b, err := json.Marshal(s)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"created":"2024-01-01T00:00:00Z","create_timestamp":133485408000000000,"state":"listening","state_code":2}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		s := netmib.Socket{Proto: 77} // Unmarshal replaces it, or leaves it on error and for null
		if err := json.Unmarshal(in, &s); err != nil || s.Proto == 77 {
			return
		}
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back netmib.Socket
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, s, back)
	})
}

func TestSocketText(t *testing.T) {
	s := tcp6()
	require.Equal(t, "[fe80::1%12]:445", s.LocalEndpoint())
	require.Equal(t, "[::ffff:192.0.2.7%4294967295]:50000", s.RemoteEndpoint())
	require.Equal(t, "TCP [fe80::1%12]:445 [::ffff:192.0.2.7%4294967295]:50000 ESTABLISHED 4", s.String())

	listen := netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv4, Local: netip.MustParseAddrPort("0.0.0.0:135"),
		Remote: netip.MustParseAddrPort("0.0.0.0:0"), State: state.Listen, Known: netmib.FieldRemote | netmib.FieldState}
	require.Equal(t, "TCP 0.0.0.0:135 0.0.0.0:0 LISTEN -", listen.String(), "a BASIC table's PID is unknown")

	udp := netmib.Socket{Proto: netmib.UDP, Family: netmib.IPv6, Local: netip.MustParseAddrPort("[::]:5353"), PID: 2210, Known: netmib.FieldPID | netmib.FieldScopeIDs}
	require.Equal(t, "*:*", udp.RemoteEndpoint())
	require.Equal(t, "UDP [::]:5353 *:* 2210", udp.String())

	require.Equal(t, "Proto(0) *:* *:* -", netmib.Socket{}.String())
}

func TestSocketAccessors(t *testing.T) {
	s := tcp6()
	require.Equal(t, uint32(31), s.ServiceTag())
	require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 123456700, time.UTC), s.Created())
	require.False(t, s.SpecificPortBind())
	s.Known &^= netmib.FieldModuleInfo | netmib.FieldCreateTimestamp
	require.Zero(t, s.ServiceTag(), "no module info: no service tag")
	require.True(t, s.Created().IsZero())
	u := netmib.Socket{Flags: 1}
	require.False(t, u.SpecificPortBind(), "flags the table does not carry")
	u.Known = netmib.FieldFlags
	require.True(t, u.SpecificPortBind())
}

func TestProtoAndFamilyText(t *testing.T) {
	for _, p := range []netmib.Proto{netmib.TCP, netmib.UDP, 0, 7} {
		for _, text := range []string{p.String(), strings.ToLower(p.String()), strings.ToUpper(p.String())} {
			got, err := netmib.ParseProto(text)
			require.NoError(t, err, text)
			require.Equal(t, p, got, text)
		}
		b, err := p.MarshalText()
		require.NoError(t, err)
		var back netmib.Proto
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, p, back)
	}
	for _, f := range []netmib.Family{netmib.IPv4, netmib.IPv6, 0, 17} {
		for _, text := range []string{f.String(), strings.ToLower(f.String())} {
			got, err := netmib.ParseFamily(text)
			require.NoError(t, err, text)
			require.Equal(t, f, got, text)
		}
	}
	for text, want := range map[string]netmib.Family{"4": netmib.IPv4, "6": netmib.IPv6, "AF_INET": netmib.IPv4, "af_inet6": netmib.IPv6} {
		got, err := netmib.ParseFamily(text)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	for _, bad := range []string{"", "sctp", "Proto()", "Proto(256)", "Proto(01)", "tcp6"} {
		_, err := netmib.ParseProto(bad)
		require.Error(t, err, bad)
	}
	for _, bad := range []string{"", "5", "IPv5", "Family(-1)", "Family(4294967296)"} {
		_, err := netmib.ParseFamily(bad)
		require.Error(t, err, bad)
	}
}

func TestFilter(t *testing.T) {
	listen := netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv4, Local: netip.MustParseAddrPort("0.0.0.0:445"),
		Remote: netip.MustParseAddrPort("0.0.0.0:0"), State: state.Listen, PID: 4, Known: netmib.FieldRemote | netmib.FieldState | netmib.FieldPID}
	conn := tcp6()
	udp := netmib.Socket{Proto: netmib.UDP, Family: netmib.IPv4, Local: netip.MustParseAddrPort("0.0.0.0:5353"), PID: 4, Known: netmib.FieldPID}
	basic := listen
	basic.Known &^= netmib.FieldPID
	basic.PID = 0
	tests := []struct {
		name string
		f    netmib.Filter
		want []bool // listen, conn, udp, basic
	}{
		{"everything", netmib.Filter{}, []bool{true, true, true, true}},
		{"TCP", netmib.Filter{Proto: netmib.TCP}, []bool{true, true, false, true}},
		{"IPv6", netmib.Filter{Family: netmib.IPv6}, []bool{false, true, false, false}},
		{"LISTEN", netmib.Filter{States: []state.State{state.Listen}}, []bool{true, false, false, true}},
		{"LISTEN or ESTABLISHED", netmib.Filter{States: []state.State{state.Listen, state.Established}}, []bool{true, true, false, true}},
		{"PID 4: unknown is not 4", netmib.Filter{PIDs: []uint32{4}}, []bool{true, true, true, false}},
		{"PID 0: unknown is not 0", netmib.Filter{PIDs: []uint32{0}}, []bool{false, false, false, false}},
		{"port 445, local", netmib.Filter{Ports: []uint16{445}}, []bool{true, true, false, true}},
		{"port 50000, remote", netmib.Filter{Ports: []uint16{50000}}, []bool{false, true, false, false}},
		{"port 0: a listener's remote", netmib.Filter{Ports: []uint16{0}}, []bool{true, false, false, true}},
		{"LISTEN sockets of PID 4", netmib.Filter{States: []state.State{state.Listen}, PIDs: []uint32{4}}, []bool{true, false, false, false}},
	}
	for _, tt := range tests {
		for i, s := range []netmib.Socket{listen, conn, udp, basic} {
			require.Equal(t, tt.want[i], tt.f.Match(&s), "%s: socket %d", tt.name, i)
		}
	}
}
