package snapshot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const okFile = `{"schema":"netmib.snapshot","version":2,"taken":"","host":{"name":"a\"}","windows":"","wine":""},` +
	`"tables":[],"network":[],"processes":[{"pid":1,"name":"","image":"C:\\x\\","create_timestamp":0,"created":null,"error":""}],` +
	`"services":[],"owners":[]}`

func TestCheckFile(t *testing.T) {
	lens, err := checkFile([]byte(okFile), fileKeys)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"tables": 0, "network": 0, "processes": 1, "services": 0, "owners": 0}, lens)

	// A file of version 1 has no network key.
	v1 := strings.Replace(okFile, `"network":[],`, ``, 1)
	_, err = checkFile([]byte(v1), fileKeysV1)
	require.NoError(t, err)
	_, err = checkFile([]byte(v1), fileKeys)
	require.ErrorContains(t, err, "network: missing key")

	// An escaped key is the key it stands for, as encoding/json reads it.
	escaped := strings.Replace(okFile, `"taken"`, `"t\u0061ken"`, 1)
	_, err = checkFile([]byte(escaped), fileKeys)
	require.NoError(t, err)

	tests := []struct{ name, from, to, err string }{
		{"missing key", `"taken":"",`, ``, "taken: missing key"},
		{"duplicate key", `"taken":""`, `"taken":"","taken":""`, "taken: duplicate key"},
		{"duplicate escaped key", `"taken":""`, `"taken":"","t\u0061ken":""`, "taken: duplicate key"},
		{"unknown key", `"taken":""`, `"taken":"","Taken":""`, `unknown key "Taken"`},
		{"unknown key with a newline", `"taken":""`, `"taken":"","a\nb\u001b[2J":1`, `unknown key "a\nb\x1b[2J"`},
		{"a long unknown key", `"taken":""`, `"taken":"","` + strings.Repeat("x", 10000) + `":1`, `unknown key "xxxxxxxxxx`},
		// Found by FuzzCheckFile: a byte of invalid UTF-8 reads as 1 byte and
		// writes as 4 (\x86), so a bound on what Quote reads let the line
		// grow to 307 bytes.
		{"a long key of invalid UTF-8", `"taken":""`, `"taken":"","` + strings.Repeat("\x86", 300) + `":1`, `unknown key "\x86\x86`},
		{"a long key outside the BMP", `"taken":""`, `"taken":"","` + strings.Repeat("\U0001F600", 100) + `":1`, `unknown key "\U0001f600`},
		{"a long key of escapes", `"taken":""`, `"taken":"","` + strings.Repeat(`\u0041`, 100) + `":1`, `unknown key "` + strings.Repeat("A", 42) + `"...`},
		{"host null", `{"name":"a\"}","windows":"","wine":""}`, `null`, "host: want an object, found null"},
		{"tables null", `"tables":[]`, `"tables":null`, "tables: want an array of objects, found null"},
		{"a null owner", `"owners":[]`, `"owners":[null]`, "owners[0]: want an object, found null"},
		{"an object for a list", `"owners":[]`, `"owners":{"pid":[1,1,1,1]}`, "owners: want an array of objects, found an object"},
		{"a number for a list", `"services":[]`, `"services":[1,1,1]`, "services[0]: want an object, found a number"},
		{"nesting in a string", `"taken":""`, `"taken":[[[[[[[[]]]]]]]]`, "taken: want a string, found an array"},
		{"nesting in a number", `"pid":1`, `"pid":[[[[]]]]`, "processes[0].pid: want a whole number, found an array"},
		{"a PID as text", `"pid":1`, `"pid":"1"`, "processes[0].pid: want a whole number, found a string"},
		{"a negative PID", `"pid":1`, `"pid":-1`, `processes[0].pid: want a whole number from 0 to 4294967295, found "-1"`},
		{"a PID too large", `"pid":1`, `"pid":4294967296`, `found "4294967296"`},
		{"a fraction", `"pid":1`, `"pid":1.5`, `found "1.5"`},
		{"a long number", `"pid":1`, `"pid":1` + strings.Repeat("0", 5000), `found "10000000000`},
		{"created as a number", `"created":null`, `"created":5`, "processes[0].created: want a string or null, found a number"},
		{"null for a string", `"error":""`, `"error":null`, "processes[0].error: want a string, found null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(okFile, tt.from, tt.to, 1)
			require.NotEqual(t, okFile, in)
			require.True(t, json.Valid([]byte(in)), in)
			_, err := checkFile([]byte(in), fileKeys)
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorContains(t, err, tt.err)
			require.Less(t, len(err.Error()), 240, err.Error())
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestCheckBase64(t *testing.T) {
	for _, ok := range []string{"", "AAAA", "AAA=", "AA==", "+/9z", "YWJj"} {
		require.NoError(t, checkBase64([]byte(ok)), ok)
	}
	for _, bad := range []string{"A", "AAA", "A===", "AA=A", "AAAA\n", "AA-_", "AA AA"} {
		require.Error(t, checkBase64([]byte(bad)), bad)
	}
}

// TestFileKeys pins the keys and kinds fileJSON's tags and types give the
// walk: README lists the same keys, and a key renamed in a tag changes the
// file format.
func TestFileKeys(t *testing.T) {
	type key struct {
		name string
		kind kind
	}
	keys := func(f []field) []key {
		var out []key
		for _, x := range f {
			out = append(out, key{x.name, x.kind})
		}
		return out
	}
	require.Equal(t, []key{{"schema", kindString}, {"version", kindInt}, {"taken", kindString}, {"host", kindObject},
		{"tables", kindList}, {"network", kindList}, {"processes", kindList}, {"services", kindList}, {"owners", kindList}}, keys(fileKeys))
	want := map[string][]key{
		"host": {{"name", kindString}, {"windows", kindString}, {"wine", kindString}},
		"tables": {{"proto", kindString}, {"function", kindString}, {"family", kindUint}, {"class", kindUint},
			{"sorted", kindBool}, {"layout", kindString}, {"rows", kindInt}, {"data", kindBase64}},
		"processes": {{"pid", kindUint}, {"name", kindString}, {"image", kindString}, {"create_timestamp", kindInt},
			{"created", kindNullString}, {"error", kindString}},
		"network":  {{"function", kindString}, {"layout", kindString}, {"rows", kindInt}, {"data", kindBase64}, {"error", kindString}},
		"services": {{"pid", kindUint}, {"service_tag", kindUint}, {"name", kindString}, {"error", kindString}},
		"owners":   {{"pid", kindUint}, {"module_info", kindText}, {"name", kindString}, {"path", kindString}, {"error", kindString}},
	}
	for _, k := range fileKeys {
		require.Equal(t, want[k.name], keys(k.sub), k.name)
		require.LessOrEqual(t, len(k.sub), maxKeys)
	}
}

// FuzzCheckFile checks that the walk ends on any valid document without
// panicking, that its errors are one short line, and that whatever it
// accepts encoding/json decodes into fileJSON without an error: the walk
// accepts a subset of what decoding does.
func FuzzCheckFile(f *testing.F) {
	f.Add([]byte(okFile))
	f.Add([]byte(`{"schema":"x","tables":[{"proto":"tcp"},{"data":"\\\""}],"host":{"name":[1,{"a":2}]}}`))
	f.Add([]byte(`[{"a":[]},"b",1e3,null,true]`))
	f.Add([]byte(strings.Replace(okFile, `"owners":[]`, `"owners":[null]`, 1)))
	f.Add([]byte(strings.Replace(okFile, `"taken":""`, `"taken":[[[[[[[[[[[[""]]]]]]]]]]]]`, 1)))
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) {
			return
		}
		_, err := checkFile(in, fileKeys)
		if err != nil {
			require.Less(t, len(err.Error()), 300, err.Error())
			require.NotContains(t, err.Error(), "\n")
			return
		}
		var f fileJSON
		require.NoError(t, json.Unmarshal(in, &f))
	})
}
