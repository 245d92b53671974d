package udpmib_test

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
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
