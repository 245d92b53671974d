package snapshot_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/snapshot"
)

// sampleFile returns the file of sample as a JSON object to edit.
func sampleFile(t *testing.T) map[string]any {
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, sample(t)))
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	return m
}

func encode(t *testing.T, m map[string]any) []byte {
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

func table(m map[string]any, i int) map[string]any { return m["tables"].([]any)[i].(map[string]any) }

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(m map[string]any) // nil: in is the input
		in     string
		is     []error
		field  string // the FileError's field, when it is one
		reason string
	}{
		{name: "not JSON", in: "\x00\x01", is: []error{snapshot.ErrNotSnapshot}, field: "-"},
		{name: "a JSON array", in: "[]", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "the document is an array, not an object"},
		{name: "no schema", in: `{"version":1}`, is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: `no "schema" key`},
		{name: "other schema", edit: func(m map[string]any) { m["schema"] = "pcap" }, is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: `its schema is "\"pcap\""`},
		{name: "version 3", edit: func(m map[string]any) { m["version"] = 3 }, is: []error{snapshot.ErrUnknownVersion}, field: "-"},
		{name: "version 1 with a network key", edit: func(m map[string]any) { m["version"] = 1 }, is: []error{snapshot.ErrInvalid}, field: "", reason: `unknown key "network"`},
		{name: "version 2 without a network key", edit: func(m map[string]any) { delete(m, "network") }, is: []error{snapshot.ErrInvalid}, field: "network", reason: "missing key"},
		{name: "version as text", edit: func(m map[string]any) { m["version"] = "1" }, is: []error{snapshot.ErrUnknownVersion}, field: "-"},
		{name: "unknown key", edit: func(m map[string]any) { m["extra"] = true }, is: []error{snapshot.ErrInvalid}, field: "", reason: `unknown key "extra"`},
		{name: "unknown nested key", edit: func(m map[string]any) { table(m, 1)["sortd"] = true }, is: []error{snapshot.ErrInvalid}, field: "tables[1]", reason: `unknown key "sortd"`},
		{name: "key in another case", in: "", is: []error{snapshot.ErrInvalid}, field: "host", reason: `unknown key "Name"`},
		{name: "missing key", edit: func(m map[string]any) {
			delete(m["processes"].([]any)[1].(map[string]any), "pid")
		}, is: []error{snapshot.ErrInvalid}, field: "processes[1].pid", reason: "missing key"},
		{name: "missing list", edit: func(m map[string]any) { delete(m, "owners") }, is: []error{snapshot.ErrInvalid}, field: "owners", reason: "missing key"},
		{name: "unknown key and version 3", edit: func(m map[string]any) { m["version"] = 3; m["extra"] = 1 }, is: []error{snapshot.ErrUnknownVersion}, field: "-"},
		{name: "duplicate key", in: "", is: []error{snapshot.ErrInvalid}, field: "tables[0].data", reason: "duplicate key"},
		{name: "bad taken", edit: func(m map[string]any) { m["taken"] = "yesterday" }, is: []error{snapshot.ErrInvalid}, field: "taken"},
		{name: "bad version text", edit: func(m map[string]any) { m["host"].(map[string]any)["windows"] = "10.x" }, is: []error{snapshot.ErrInvalid}, field: "host.windows"},
		{name: "bad base64", edit: func(m map[string]any) { table(m, 0)["data"] = "!!!" }, is: []error{snapshot.ErrInvalid}, field: "tables[0].data", reason: "not base64"},
		{name: "truncated table", edit: func(m map[string]any) {
			b, _ := base64.StdEncoding.DecodeString(table(m, 0)["data"].(string))
			table(m, 0)["data"] = base64.StdEncoding.EncodeToString(b[:100])
		}, is: []error{snapshot.ErrInvalid, netmib.ErrTruncated}, field: "tables[0].data"},
		{name: "unknown class", edit: func(m map[string]any) { table(m, 1)["class"] = 9 }, is: []error{snapshot.ErrInvalid, netmib.ErrUnknownLayout}, field: "tables[1].data"},
		{name: "function disagrees", edit: func(m map[string]any) { table(m, 0)["function"] = "GetExtendedUdpTable" }, is: []error{snapshot.ErrInvalid}, field: "tables[0].function"},
		{name: "TABLE2 of the wrong family", edit: func(m map[string]any) { table(m, 4)["function"] = "GetTcpTable2" }, is: []error{snapshot.ErrInvalid}, field: "tables[4].function"},
		{name: "TABLE2 with a class", edit: func(m map[string]any) { table(m, 4)["class"] = 5 }, is: []error{snapshot.ErrInvalid, netmib.ErrUnknownLayout}, field: "tables[4].data"},
		{name: "TABLE2 data in an extended table", edit: func(m map[string]any) { table(m, 4)["function"] = "GetExtendedTcpTable" }, is: []error{snapshot.ErrInvalid}, field: "tables[4].layout"},
		{name: "unknown proto", edit: func(m map[string]any) { table(m, 1)["proto"] = "sctp" }, is: []error{snapshot.ErrInvalid}, field: "tables[1].proto"},
		{name: "layout disagrees", edit: func(m map[string]any) { table(m, 2)["layout"] = "MIB_UDPTABLE" }, is: []error{snapshot.ErrInvalid}, field: "tables[2].layout"},
		{name: "rows disagree", edit: func(m map[string]any) { table(m, 2)["rows"] = 7 }, is: []error{snapshot.ErrInvalid}, field: "tables[2].rows"},
		{name: "process name disagrees", edit: func(m map[string]any) {
			m["processes"].([]any)[1].(map[string]any)["name"] = "evil.exe"
		}, is: []error{snapshot.ErrInvalid}, field: "processes[1].name"},
		{name: "process created disagrees", edit: func(m map[string]any) {
			m["processes"].([]any)[1].(map[string]any)["created"] = "2001-01-01T00:00:00Z"
		}, is: []error{snapshot.ErrInvalid}, field: "processes[1].created"},
		{name: "processes unsorted", edit: func(m map[string]any) {
			p := m["processes"].([]any)
			p[0], p[1] = p[1], p[0]
		}, is: []error{snapshot.ErrInvalid}, field: "processes[1].pid"},
		{name: "duplicate owner", edit: func(m map[string]any) {
			o := m["owners"].([]any)
			o[1] = o[0]
		}, is: []error{snapshot.ErrInvalid}, field: "owners[1]"},
		{name: "a PID as text", edit: func(m map[string]any) { m["processes"].([]any)[1].(map[string]any)["pid"] = "x" }, is: []error{snapshot.ErrInvalid}, field: "processes[1].pid", reason: "want a whole number, found a string"},
		{name: "bad module info", edit: func(m map[string]any) { m["owners"].([]any)[0].(map[string]any)["module_info"] = "00" }, is: []error{snapshot.ErrInvalid}, field: "owners[0].module_info", reason: "256 hex digits"},
		{name: "trailing data", in: "", is: []error{snapshot.ErrInvalid}, field: "", reason: "data after the end of the JSON document"},
		{name: "cut short", in: "", is: []error{snapshot.ErrInvalid}, field: "", reason: "in the middle of its JSON: cut short?"},
		{name: "empty", in: " \n", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "the input is empty"},
		{name: "UTF-8 byte-order mark", in: "", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "UTF-8 byte-order mark"},
		{name: "UTF-16", in: "", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "UTF-16 text"},
		{name: "UTF-16 with a mark", in: "\xff\xfe{\x00}\x00", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "UTF-16 text"},
		{name: "a table buffer", in: "\x05\x00\x00\x00\x02\x00", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "binary data (byte 0x05 at offset 0)"},
		{name: "not JSON text", in: "hello", is: []error{snapshot.ErrNotSnapshot}, field: "-", reason: "not valid JSON at byte 1"},
		{name: "null host", edit: func(m map[string]any) { m["host"] = nil }, is: []error{snapshot.ErrInvalid}, field: "host", reason: "want an object, found null"},
		{name: "null tables", edit: func(m map[string]any) { m["tables"] = nil }, is: []error{snapshot.ErrInvalid}, field: "tables", reason: "want an array of objects, found null"},
		{name: "null owner", edit: func(m map[string]any) { m["owners"] = []any{nil} }, is: []error{snapshot.ErrInvalid}, field: "owners[0]", reason: "want an object, found null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			if tt.edit != nil {
				m := sampleFile(t)
				tt.edit(m)
				in = encode(t, m)
			}
			switch tt.name {
			case "trailing data":
				in = append(encode(t, sampleFile(t)), "{}"...)
			case "cut short":
				var buf bytes.Buffer
				require.NoError(t, snapshot.Write(&buf, sample(t)))
				in = buf.Bytes()[:buf.Len()/2]
			case "UTF-8 byte-order mark":
				in = append([]byte("\xef\xbb\xbf"), encode(t, sampleFile(t))...)
			case "UTF-16":
				for _, c := range encode(t, sampleFile(t))[:100] {
					in = append(in, c, 0)
				}
			case "key in another case":
				in = bytes.Replace(encode(t, sampleFile(t)), []byte(`"name":"`), []byte(`"Name":"`), 1)
			case "duplicate key":
				in = bytes.Replace(encode(t, sampleFile(t)), []byte(`"data":`), []byte(`"data":"","data":`), 1)
			}
			s, err := snapshot.Read(bytes.NewReader(in))
			require.Nil(t, s)
			for _, target := range tt.is {
				require.ErrorIs(t, err, target)
			}
			require.Contains(t, err.Error(), tt.reason)
			require.Less(t, len(err.Error()), 200, err.Error())
			require.NotContains(t, err.Error(), "\n")
			require.NotRegexp(t, `[a-z]JSON|\[\][a-z]|\b(uint32|int64)\b`, err.Error(), "the message names no Go type")
			var fe *snapshot.FileError
			if tt.field == "-" {
				require.False(t, errors.As(err, &fe), "%v", err)
				return
			}
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.field, fe.Field, "%v", err)
			prefix := "snapshot: invalid snapshot: "
			if tt.field != "" {
				prefix += tt.field + ": "
			}
			require.True(t, strings.HasPrefix(err.Error(), prefix), err.Error())
		})
	}
}

func TestReadSizeBound(t *testing.T) {
	big := encode(t, sampleFile(t))
	defer snapshot.SetMaxFileSize(1000)()
	require.Greater(t, len(big), 1000)
	_, err := snapshot.Read(bytes.NewReader(big))
	require.ErrorIs(t, err, snapshot.ErrTooLarge)
	err = snapshot.Write(&bytes.Buffer{}, sample(t))
	require.ErrorIs(t, err, snapshot.ErrTooLarge)

	// The bound holds against a reader that never ends.
	_, err = snapshot.Read(endless{})
	require.ErrorIs(t, err, snapshot.ErrTooLarge)
}

// TestReadSizeHints reads a file through readers whose Len or Stat say
// the truth, lie, or fail: the size is only a hint.
func TestReadSizeHints(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, sample(t)))
	want, err := snapshot.Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)

	f, err := os.CreateTemp("", "netmib-snapshot-*.json") // not t.TempDir: Wine cannot remove directories
	require.NoError(t, err)
	defer os.Remove(f.Name())
	defer f.Close()
	_, err = f.Write(buf.Bytes())
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	got, err := snapshot.Read(f)
	require.NoError(t, err)
	require.Equal(t, want, got)

	for _, n := range []int{-1, 0, 1, buf.Len() * 2, math.MaxInt} {
		got, err := snapshot.Read(lenReader{bytes.NewReader(buf.Bytes()), n})
		require.NoError(t, err, "Len %d", n)
		require.Equal(t, want, got)
	}
}

// lenReader's Len says n, whatever it holds.
type lenReader struct {
	r *bytes.Reader
	n int
}

func (l lenReader) Read(p []byte) (int, error) { return l.r.Read(p) }
func (l lenReader) Len() int                   { return l.n }

// endless reads as an unending run of spaces.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestReadFileSize checks that ReadFile refuses a file larger than
// MaxFileSize from its size, before reading it: what it allocates is far
// less than the file.
func TestReadFileSize(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, sample(t)))
	f, err := os.CreateTemp("", "netmib-snapshot-*.json") // not t.TempDir: Wine cannot remove directories
	require.NoError(t, err)
	defer os.Remove(f.Name())
	_, err = f.Write(bytes.Repeat([]byte(" "), 4<<20))
	require.NoError(t, err)
	_, err = f.Write(buf.Bytes())
	require.NoError(t, err)
	require.NoError(t, f.Close())

	s, err := snapshot.ReadFile(f.Name())
	require.NoError(t, err)
	require.Equal(t, sample(t).Host, s.Host)

	defer snapshot.SetMaxFileSize(1 << 20)()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = snapshot.ReadFile(f.Name())
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, snapshot.ErrTooLarge)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<10), "ReadFile read the file it refuses")

	_, err = snapshot.ReadFile(f.Name() + ".missing")
	require.ErrorIs(t, err, fs.ErrNotExist)
}

// TestWriteRefusesWhatReadRefuses makes Write check each table as Read
// does: a table whose bytes contradict its layout (a dirty padding byte,
// a dwState of 0) would otherwise be written to a file that Read then
// refuses, against Write's promise that Read gives the snapshot back.
func TestWriteRefusesWhatReadRefuses(t *testing.T) {
	for _, name := range []string{"tcp6-dirty", "tcp6-slack", "udp6-ownermodule-dirty", "tcp6-odd-values"} {
		t.Run(name, func(t *testing.T) {
			f, ok := fixtures.Lookup(name)
			require.True(t, ok)
			s, err := f.Snapshot()
			require.NoError(t, err)
			checkErr := s.Tables[0].Check()
			require.Error(t, checkErr, "the fixture no longer contradicts its layout")
			var buf bytes.Buffer
			err = snapshot.Write(&buf, s)
			require.ErrorIs(t, err, snapshot.ErrInvalid)
			require.ErrorIs(t, err, netmib.ErrMismatch)
			require.Zero(t, buf.Len())
		})
	}
}
