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
	head := `{"schema":"netmib.snapshot","version":2,"taken":"2026-01-01T00:00:00Z","host":{"name":"","windows":"","wine":""}`
	for _, list := range []struct{ name, entry string }{
		{"tables", `{"proto":"udp","function":"GetExtendedUdpTable","family":2,"class":0,"sorted":false,"layout":"MIB_UDPTABLE","rows":0,"data":"AAAAAA=="}`},
		{"processes", `{"pid":%d,"name":"","image":"","create_timestamp":0,"created":null,"error":""}`},
		{"services", `{"pid":%d,"service_tag":1,"name":"","error":""}`},
		{"owners", `{"pid":%d,"module_info":"` + strings.Repeat("0", 256) + `","name":"","path":"","error":""}`},
	} {
		var b strings.Builder
		b.WriteString(head)
		for _, l := range []string{"tables", "network", "processes", "services", "owners"} {
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

// hostileFiles returns files of about n bytes built to crash Read, make it
// slow, or make it allocate from a count that is not there, each with the
// error it must give.
func hostileFiles(n int) []struct {
	name string
	in   []byte
	is   error
} {
	const start = `{"schema":"netmib.snapshot","version":2,`
	const rest = `"taken":"2026-01-01T00:00:00Z","host":{"name":"","windows":"","wine":""},"tables":[],"network":[],"processes":[],"services":[],"owners":[]}`
	nest := func(open, close string, k int) string { return strings.Repeat(open, k) + strings.Repeat(close, k) }
	ones := strings.TrimSuffix(strings.Repeat("1,", n/2), ",")
	return []struct {
		name string
		in   []byte
		is   error
	}{
		{"deep nesting, cut short", []byte(start + `"taken":` + strings.Repeat("[", n)), snapshot.ErrInvalid},
		{"deep nesting, closed", []byte(start + `"taken":` + nest("[", "]", n/2) + "}"), snapshot.ErrInvalid},
		{"nesting within the JSON limit", []byte(start + `"taken":` + nest("[", "]", 9000) + strings.Repeat(" ", n) + "," + rest[len(`"taken":"2026-01-01T00:00:00Z",`):]), snapshot.ErrInvalid},
		{"nested objects", []byte(start + `"taken":` + nest(`{"a":`, "}", 5000) + strings.Repeat(" ", n) + "}"), snapshot.ErrInvalid},
		{"nesting at the top", []byte(nest("[", "]", n/2)), snapshot.ErrNotSnapshot},
		{"nesting in an unknown key", []byte(start + `"x":` + nest("[", "]", 9000) + strings.Repeat(" ", n) + "," + rest), snapshot.ErrInvalid},
		{"an object of numbers for owners", []byte(strings.Replace(start+rest, `"owners":[]`, `"owners":{"pid":[`+ones+`]}`, 1)), snapshot.ErrInvalid},
		{"numbers for processes", []byte(strings.Replace(start+rest, `"processes":[]`, `"processes":[`+ones+`]`, 1)), snapshot.ErrInvalid},
		{"nulls for tables", []byte(strings.Replace(start+rest, `"tables":[]`, `"tables":[`+strings.TrimSuffix(strings.Repeat("null,", n/5), ",")+`]`, 1)), snapshot.ErrInvalid},
		{"empty objects for services", []byte(strings.Replace(start+rest, `"services":[]`, `"services":[`+strings.TrimSuffix(strings.Repeat("{},", n/3), ",")+`]`, 1)), snapshot.ErrInvalid},
		{"a long key", []byte(start + `"` + strings.Repeat(`\u0041`, n/6) + `":1,` + rest), snapshot.ErrInvalid},
		{"a long number", []byte(start + rest[:len(rest)-1] + `,"version":` + strings.Repeat("9", n) + "}"), snapshot.ErrInvalid},
		{"one network table many times", []byte(strings.Replace(start+rest, `"network":[]`, `"network":[`+
			strings.TrimSuffix(strings.Repeat(`{"function":"GetIpNetTable2","layout":"MIB_IPNET_TABLE2","rows":0,"data":"","error":"x"},`, n/90), ",")+`]`, 1)), snapshot.ErrInvalid},
		{"a long string of escapes (valid)", []byte(strings.Replace(start+rest, `"name":""`, `"name":"`+strings.Repeat(`\n`, n/2)+`"`, 1)), nil},
	}
}

// TestReadHostile reads files built to crash Read, make it slow or make it
// allocate without bound: each must give its error, in one short line,
// allocating at most 3 bytes per byte of file (with Read's copy of the
// file). Time is left to BenchmarkReadHostile.
func TestReadHostile(t *testing.T) {
	for _, h := range hostileFiles(4 << 20) {
		t.Run(h.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s, err := snapshot.Read(bytes.NewReader(h.in))
			runtime.ReadMemStats(&after)
			if h.is == nil {
				require.NoError(t, err)
			} else {
				require.Nil(t, s)
				require.ErrorIs(t, err, h.is)
				require.Less(t, len(err.Error()), 200, err.Error())
				require.NotContains(t, err.Error(), "\n")
			}
			perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(h.in))
			t.Logf("%d bytes: %v; %.2f bytes allocated per byte", len(h.in), err, perByte)
			require.LessOrEqual(t, perByte, 3.0)
		})
	}
}

// BenchmarkReadHostile reads each hostile file of 4 MiB; ns/op over the
// file's size is the time per byte, which must not grow with the size.
func BenchmarkReadHostile(b *testing.B) {
	for _, size := range []int{256 << 10, 4 << 20} {
		for _, h := range hostileFiles(size) {
			b.Run(fmt.Sprintf("%s/%dKiB", strings.ReplaceAll(h.name, " ", "_"), size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(h.in)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := snapshot.Parse(h.in); (err == nil) != (h.is == nil) {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
