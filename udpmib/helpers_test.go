package udpmib_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/udpmib"
)

// of returns s as a socket of layout l: with its protocol, family and
// the members it carries.
func of(l udpmib.Layout, s netmib.Socket) netmib.Socket {
	s.Proto, s.Family, s.Known = netmib.UDP, l.Family(), l.Fields()
	return s
}

// checkCreated fails unless the created key of the JSON socket j is null
// or RFC 3339 text that time.Parse reads.
func checkCreated(t *testing.T, j []byte) {
	var m struct{ Created *string }
	require.NoError(t, json.Unmarshal(j, &m))
	if m.Created != nil {
		_, err := time.Parse(time.RFC3339Nano, *m.Created)
		require.NoError(t, err, "created %q", *m.Created)
	}
}
