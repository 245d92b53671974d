package snapshot

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckFileKeys(t *testing.T) {
	const ok = `{"schema":"netmib.snapshot","version":1,"taken":"","host":{"name":"a\"}","windows":"","wine":""},` +
		`"tables":[],"processes":[{"pid":1,"name":"","image":"C:\\x\\","create_timestamp":0,"created":null,"error":""}],` +
		`"services":[],"owners":[]}`
	lens, err := checkFileKeys([]byte(ok))
	require.NoError(t, err)
	require.Equal(t, map[string]int{"tables": 0, "processes": 1, "services": 0, "owners": 0}, lens)

	// An escaped key is the key it stands for, as encoding/json reads it.
	_, err = checkFileKeys([]byte(`{"sch\u0065ma":1}`))
	require.EqualError(t, err, "snapshot: invalid snapshot: version: missing key")
	_, err = checkFileKeys([]byte(`{"schema":1,"sch\u0065ma":1}`))
	require.EqualError(t, err, "snapshot: invalid snapshot: schema: duplicate key")

	// Not JSON: an error, never a panic or a loop.
	for _, in := range []string{"", "{", `{"`, `{"schema"`, `{"schema":`, "[1 }", `"\"`, "[,]", "{,}", "}"} {
		_, err := checkFileKeys([]byte(in))
		require.Error(t, err, "%q", in)
	}
}

// FuzzCheckFileKeys checks that the walk ends on any input, never panics,
// and finds no fault of syntax in what encoding/json calls valid.
func FuzzCheckFileKeys(f *testing.F) {
	f.Add([]byte(`{"schema":"x","tables":[{"proto":"tcp"},{"data":"\\\""}],"host":{"name":[1,{"a":2}]}}`))
	f.Add([]byte(`[{"a":[]},"b",1e3,null,true]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := checkFileKeys(in)
		if json.Valid(in) {
			require.NotErrorIs(t, err, errBadJSON)
		}
	})
}

// TestFileKeys pins the keys fileJSON's tags give the walk: README lists
// the same keys, and a key renamed in a tag changes the file format.
func TestFileKeys(t *testing.T) {
	names := func(k keySet) []string {
		var out []string
		for _, x := range k {
			out = append(out, x.name)
		}
		return out
	}
	require.Equal(t, []string{"schema", "version", "taken", "host", "tables", "processes", "services", "owners"}, names(fileKeys))
	want := map[string][]string{
		"host":      {"name", "windows", "wine"},
		"tables":    {"proto", "function", "family", "class", "sorted", "layout", "rows", "data"},
		"processes": {"pid", "name", "image", "create_timestamp", "created", "error"},
		"services":  {"pid", "service_tag", "name", "error"},
		"owners":    {"pid", "module_info", "name", "path", "error"},
	}
	for _, k := range fileKeys {
		require.Equal(t, want[k.name], names(k.sub), k.name)
	}
}
