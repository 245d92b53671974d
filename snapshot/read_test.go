package snapshot_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/snapshot"
)

// TestReadMemoryBound checks what Read allocates per byte of file against
// the bound MaxFileSize's doc states, for a file of one large table and
// for files of the smallest entries each list allows, which amplify most.
func TestReadMemoryBound(t *testing.T) {
	var big bytes.Buffer
	require.NoError(t, snapshot.Write(&big, benchSnapshot(t, 20000, 0)))
	files := map[string][]byte{"one large table": big.Bytes()}
	head := `{"schema":"netmib.snapshot","version":1,"taken":"2026-01-01T00:00:00Z","host":{"name":"","windows":"","wine":""}`
	for _, list := range []struct{ name, entry string }{
		{"tables", `{"proto":"udp","function":"GetExtendedUdpTable","family":2,"class":0,"sorted":false,"layout":"MIB_UDPTABLE","rows":0,"data":"AAAAAA=="}`},
		{"processes", `{"pid":%d,"name":"","image":"","create_timestamp":0,"created":null,"error":""}`},
		{"services", `{"pid":%d,"service_tag":1,"name":"","error":""}`},
		{"owners", `{"pid":%d,"module_info":"` + strings.Repeat("0", 256) + `","name":"","path":"","error":""}`},
	} {
		var b strings.Builder
		b.WriteString(head)
		for _, l := range []string{"tables", "processes", "services", "owners"} {
			fmt.Fprintf(&b, `,%q:[`, l)
			for i := range 20000 {
				if l != list.name {
					break
				}
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strings.Replace(list.entry, "%d", strconv.Itoa(i+5), 1))
			}
			b.WriteByte(']')
		}
		b.WriteByte('}')
		files["minimal "+list.name] = []byte(b.String())
	}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := snapshot.Read(bytes.NewReader(file))
			runtime.ReadMemStats(&after)
			require.NoError(t, err)
			perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(file))
			t.Logf("%d bytes: %.2f bytes allocated per byte", len(file), perByte)
			require.LessOrEqual(t, perByte, 3.5)
		})
	}
}
