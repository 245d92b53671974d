package udpmib_test

import (
	"encoding/json"
	"math"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/udpmib"
)

func TestEntryJSON(t *testing.T) {
	e := udpmib.Entry{
		Local: netip.MustParseAddrPort("[fe80::1]:5353"), LocalScopeID: 12, PID: 2210,
		CreateTimestamp: 133_485_408_000_000_000, Flags: 1, ModuleInfo: moduleInfo(0x14),
	}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	require.Equal(t, `{"local_addr":"fe80::1","local_port":5353,"local_scope_id":12,"pid":2210,`+
		`"create_timestamp":133485408000000000,"created":"2024-01-01T00:00:00Z","flags":1,"specific_port_bind":true,`+
		`"service_tag":20,"module_info":"14`+strings.Repeat("0", 254)+`"}`, string(b))
	var back udpmib.Entry
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, e, back)

	b, err = json.Marshal(udpmib.Entry{})
	require.NoError(t, err)
	require.Contains(t, string(b), `"created":null,"flags":0,"specific_port_bind":false`)
}

func TestEntryUnmarshal(t *testing.T) {
	var e udpmib.Entry
	require.NoError(t, json.Unmarshal([]byte(`{"specific_port_bind":true,"service_tag":3}`), &e))
	require.Equal(t, udpmib.Entry{Flags: 1, ModuleInfo: moduleInfo(3)}, e)
	require.NoError(t, json.Unmarshal([]byte(`null`), &e))
	require.Equal(t, uint32(1), e.Flags)

	for in, msg := range map[string]string{
		`{"flags":2,"specific_port_bind":true}`:                   "specific_port_bind true does not match flags 2",
		`{"local_addr":"fe80::1%3"}`:                              "has a zone",
		`{"created":"2024-01-01T00:00:00Z","create_timestamp":1}`: "does not match create_timestamp",
		`{"pid":"x"}`: "cannot unmarshal",
	} {
		err := json.Unmarshal([]byte(in), &e)
		require.ErrorIs(t, err, netmib.ErrInvalidEntry, in)
		require.Contains(t, err.Error(), msg)
	}
}

// TestEntryJSONCreatedText checks that created is null for FILETIMEs RFC
// 3339 cannot write (0, and years outside 0000-9999), and that such entries
// read back.
func TestEntryJSONCreatedText(t *testing.T) {
	for ft, want := range map[int64]string{
		0:                         `null`,
		1:                         `"1601-01-01T00:00:00.0000001Z"`,
		math.MaxInt64:             `null`,
		math.MinInt64:             `null`,
		2_650_467_744_000_000_000: `null`, // 10000-01-01
	} {
		e := udpmib.Entry{CreateTimestamp: ft}
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &m))
		require.Equal(t, want, string(m["created"]), "FILETIME %d", ft)
		var back udpmib.Entry
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, e, back)
	}
}

// FuzzEntryUnmarshal checks that whatever JSON UnmarshalJSON accepts, it
// marshals to a form that reads back to the same entry, whose created key
// is null or RFC 3339 that time.Parse reads.
func FuzzEntryUnmarshal(f *testing.F) {
	for _, fx := range fixtures.All() {
		if !fx.Valid || fx.Proto != "udp" {
			continue
		}
		tab, err := udpmib.ParseTable(fx.Bytes(), netmib.Family(fx.Family), udpmib.Class(fx.Class))
		require.NoError(f, err)
		for _, r := range tab.All() {
			j, err := json.Marshal(r.Decode())
			require.NoError(f, err)
			f.Add(j)
		}
	}
	f.Add([]byte(`{"specific_port_bind":true,"created":"2024-01-01T00:00:00Z","service_tag":3}`))
	f.Add([]byte(`{"create_timestamp":-9223372036854775808,"created":null,"flags":4294967295}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var e udpmib.Entry
		if err := e.UnmarshalJSON(in); err != nil {
			require.ErrorIs(t, err, netmib.ErrInvalidEntry)
			return
		}
		j, err := json.Marshal(e)
		require.NoError(t, err)
		checkCreated(t, j)
		var back udpmib.Entry
		require.NoError(t, json.Unmarshal(j, &back), string(j))
		require.Equal(t, e, back)
	})
}

// checkCreated fails unless the created key of the JSON entry j is null or
// RFC 3339 text that time.Parse reads.
func checkCreated(t *testing.T, j []byte) {
	var m struct{ Created *string }
	require.NoError(t, json.Unmarshal(j, &m))
	if m.Created != nil {
		_, err := time.Parse(time.RFC3339Nano, *m.Created)
		require.NoError(t, err, "created %q", *m.Created)
	}
}
