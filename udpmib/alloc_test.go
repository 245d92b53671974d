package udpmib_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/udpmib"
)

var (
	sinkTable udpmib.Table
	sinkErr   error
	sinkAP    netip.AddrPort
	sinkU32   uint32
	sinkI64   int64
	sinkBool  bool
	sinkTime  time.Time
	sinkMod   netmib.ModuleInfo
	sinkSock  netmib.Socket
)

func TestNoAllocs(t *testing.T) {
	f, _ := fixtures.Lookup("udp6-ownermodule")
	b := f.Bytes()
	tab, err := udpmib.IPv6OwnerModule.Parse(b)
	require.NoError(t, err)
	r := tab.Row(1)
	socks := make([]netmib.Socket, 0, tab.Len())
	tests := map[string]func(){
		"Parse": func() { sinkTable, sinkErr = udpmib.ParseTable(b, netmib.IPv6, udpmib.OwnerModule) },
		"All": func() {
			for _, r := range tab.All() {
				sinkU32 += r.PID()
			}
		},
		"Local":            func() { sinkAP = r.Local() },
		"LocalScopeID":     func() { sinkU32 = r.LocalScopeID() },
		"PID":              func() { sinkU32 = r.PID() },
		"CreateTimestamp":  func() { sinkI64 = r.CreateTimestamp() },
		"Created":          func() { sinkTime = r.Created() },
		"Flags":            func() { sinkU32 = r.Flags() },
		"SpecificPortBind": func() { sinkBool = r.SpecificPortBind() },
		"ModuleInfo":       func() { sinkMod = r.ModuleInfo() },
		"ServiceTag":       func() { sinkU32 = r.ServiceTag() },
		"Socket":           func() { sinkSock = r.Socket() },
		"AppendSockets":    func() { socks = tab.AppendSockets(socks[:0]) },
		"Sockets": func() {
			for _, s := range tab.Sockets() {
				sinkU32 += s.PID
			}
		},
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) { require.Zero(t, testing.AllocsPerRun(50, fn)) })
	}
}
