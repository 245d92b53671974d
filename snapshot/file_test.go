package snapshot_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
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
		{name: "not JSON", in: "\x00\x01", is: []error{snapshot.ErrNotSnapshot}},
		{name: "a JSON array", in: "[]", is: []error{snapshot.ErrNotSnapshot}},
		{name: "no schema", in: `{"version":1}`, is: []error{snapshot.ErrNotSnapshot}},
		{name: "other schema", edit: func(m map[string]any) { m["schema"] = "pcap" }, is: []error{snapshot.ErrNotSnapshot}},
		{name: "version 2", edit: func(m map[string]any) { m["version"] = 2 }, is: []error{snapshot.ErrUnknownVersion}},
		{name: "version as text", edit: func(m map[string]any) { m["version"] = "1" }, is: []error{snapshot.ErrUnknownVersion}},
		{name: "unknown key", edit: func(m map[string]any) { m["extra"] = true }, is: []error{snapshot.ErrInvalid}, field: "extra", reason: "unknown key"},
		{name: "unknown nested key", edit: func(m map[string]any) { table(m, 1)["sortd"] = true }, is: []error{snapshot.ErrInvalid}, field: "tables[1].sortd", reason: "unknown key"},
		{name: "key in another case", in: "", is: []error{snapshot.ErrInvalid}, field: "host.Name", reason: "unknown key"},
		{name: "missing key", edit: func(m map[string]any) {
			delete(m["processes"].([]any)[1].(map[string]any), "pid")
		}, is: []error{snapshot.ErrInvalid}, field: "processes[1].pid", reason: "missing key"},
		{name: "missing list", edit: func(m map[string]any) { delete(m, "owners") }, is: []error{snapshot.ErrInvalid}, field: "owners", reason: "missing key"},
		{name: "unknown key and version 2", edit: func(m map[string]any) { m["version"] = 2; m["extra"] = 1 }, is: []error{snapshot.ErrUnknownVersion}},
		{name: "duplicate key", in: "", is: []error{snapshot.ErrInvalid}, field: "tables[0].data", reason: "duplicate key"},
		{name: "bad taken", edit: func(m map[string]any) { m["taken"] = "yesterday" }, is: []error{snapshot.ErrInvalid}, field: "taken"},
		{name: "bad version text", edit: func(m map[string]any) { m["host"].(map[string]any)["windows"] = "10.x" }, is: []error{snapshot.ErrInvalid}, field: "host.windows"},
		{name: "bad base64", edit: func(m map[string]any) { table(m, 0)["data"] = "!!!" }, is: []error{snapshot.ErrInvalid}, field: "(document)", reason: "illegal base64"},
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
		{name: "a PID as text", edit: func(m map[string]any) { m["processes"].([]any)[1].(map[string]any)["pid"] = "x" }, is: []error{snapshot.ErrInvalid}, field: "processes.pid", reason: "JSON string where a uint32 goes"},
		{name: "bad module info", edit: func(m map[string]any) { m["owners"].([]any)[0].(map[string]any)["module_info"] = "00" }, is: []error{snapshot.ErrInvalid}, field: "(document)"},
		{name: "trailing data", in: "", is: []error{snapshot.ErrNotSnapshot}},
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
			var fe *snapshot.FileError
			if tt.field == "" {
				require.False(t, errors.As(err, &fe), "%v", err)
				return
			}
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.field, fe.Field, "%v", err)
			require.True(t, strings.HasPrefix(err.Error(), "snapshot: invalid snapshot: "+tt.field+": "), err.Error())
			require.Contains(t, err.Error(), tt.reason)
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
