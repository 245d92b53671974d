package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func runNetstat(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if !strings.HasPrefix(t.Name(), "TestLive") {
		defer func(v bool) { live = v }(live)
		live = false // what every OS but Windows does; TestLive* test Windows' live tables
	}
	var out, errOut bytes.Buffer
	code = run(args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./examples/netstat -update")
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestDefaultFixture(t *testing.T) {
	code, out, errOut := runNetstat(t, nil)
	require.Equal(t, 0, code, errOut)
	require.Empty(t, errOut)
	golden(t, "default.golden", out)
	require.Contains(t, out, "[::]:135")
	require.Contains(t, out, "[fe80::1c2d:3e4f:5a6b:7c8d%12]:5357")
	require.Contains(t, out, "[::]:0", "a listener's foreign address shows port 0, as netstat.exe prints it")
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		ap    string
		scope uint32
		want  string
	}{
		{"[::]:0", 0, "[::]:0"},
		{"[fe80::1]:0", 3, "[fe80::1%3]:0"},
		{"[fe80::1]:80", 3, "[fe80::1%3]:80"},
		{"[::ffff:10.0.0.1]:0", 0, "[::ffff:10.0.0.1]:0"},
		{"0.0.0.0:0", 0, "0.0.0.0:0"},
		{"10.0.0.1:445", 0, "10.0.0.1:445"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, endpoint(netip.MustParseAddrPort(tt.ap), tt.scope))
	}
}

func TestJSON(t *testing.T) {
	code, out, errOut := runNetstat(t, nil, "-json")
	require.Equal(t, 0, code, errOut)
	golden(t, "default-json.golden", out)

	var entries []tcpmib.Entry
	require.NoError(t, json.Unmarshal([]byte(out), &entries))
	tab, err := tcpmib.Parse(fixtures.Default().Bytes())
	require.NoError(t, err)
	require.Equal(t, tab.AppendEntries(nil), entries)
}

func TestInputFileAndStdin(t *testing.T) {
	f, ok := fixtures.Lookup("tcp6-listeners")
	require.True(t, ok)
	// A temporary file rather than t.TempDir: Wine 8, which CI runs the
	// Windows tests under, cannot RemoveAll a directory.
	tmp, err := os.CreateTemp("", "capture-*.bin")
	require.NoError(t, err)
	path := tmp.Name()
	t.Cleanup(func() { os.Remove(path) })
	_, err = tmp.Write(f.Bytes())
	require.NoError(t, err)
	require.NoError(t, tmp.Close())

	code, fromFile, errOut := runNetstat(t, nil, "-in", path)
	require.Equal(t, 0, code, errOut)
	code, fromStdin, errOut := runNetstat(t, f.Bytes(), "-in", "-")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, fromFile, fromStdin)
	require.Equal(t, 1+9, strings.Count(fromFile, "\n"), "header and nine listeners")
}

func TestEmptyTable(t *testing.T) {
	code, out, _ := runNetstat(t, mustBytes(t, "tcp6-empty"), "-in", "-", "-json")
	require.Equal(t, 0, code)
	require.Equal(t, "[]\n", out)
}

func TestBadInput(t *testing.T) {
	defer func(n int) { maxInput = n }(maxInput)
	maxInput = 1 << 10
	tests := []struct {
		name  string
		stdin []byte
		args  []string
		want  string
	}{
		{"truncated", mustBytes(t, "tcp6-truncated-row"), []string{"-in", "-"}, "netstat: netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 2 needs 392 bytes, buffer has 300"},
		{"hostile count", mustBytes(t, "tcp6-count-max"), []string{"-in", "-", "-json"}, "netstat: netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 4294967295"},
		{"empty input", nil, []string{"-in", "-"}, "header needs 8 bytes, buffer has 0"},
		{"missing file", nil, []string{"-in", filepath.Join("testdata", "no-such-capture.bin")}, "netstat: open "},
		{"directory", nil, []string{"-in", "testdata"}, "netstat: "},
		{"too large", make([]byte, 1<<10+1), []string{"-in", "-"}, "netstat: input larger than 1024 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runNetstat(t, tt.stdin, tt.args...)
			require.Equal(t, 1, code)
			require.Empty(t, out, "nothing on standard output")
			require.Contains(t, errOut, tt.want)
			require.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
		})
	}
}

func TestOtherTables(t *testing.T) {
	code, out, errOut := runNetstat(t, mustBytes(t, "udp4-ownerpid"), "-in", "-", "-proto", "udp", "-family", "4", "-class", "1")
	require.Equal(t, 0, code, errOut)
	golden(t, "udp4-ownerpid.golden", out)
	require.Contains(t, out, "UDP    192.168.1.20:137")

	code, out2, errOut := runNetstat(t, nil, "-fixture", "udp4-ownerpid")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, out, out2, "-fixture takes the proto, family and class from the fixture")

	code, out, errOut = runNetstat(t, nil, "-fixture", "tcp4-basic", "-json")
	require.Equal(t, 0, code, errOut)
	var entries []tcpmib.Entry
	require.NoError(t, json.Unmarshal([]byte(out), &entries))
	require.Len(t, entries, 12)
	require.Equal(t, netip.MustParseAddrPort("0.0.0.0:135"), entries[0].Local)

	code, out, errOut = runNetstat(t, mustBytes(t, "udp6-ownermodule"), "-in", "-", "-proto", "udp", "-json")
	require.Equal(t, 0, code, errOut)
	var udp []udpmib.Entry
	require.NoError(t, json.Unmarshal([]byte(out), &udp))
	require.Len(t, udp, 7)
	require.True(t, udp[0].SpecificPortBind())
	require.NotContains(t, out, `"proto"`, "a single decoded table prints the plain entry form")
}

func TestUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-in", "x", "-fixture", "tcp6-empty"}, "netstat: -in and -fixture exclude each other"},
		{[]string{"-b"}, "netstat: -b needs the live tables"},
		{[]string{"-fixture", "tcp6-empty", "-b"}, "netstat: -b needs the live tables"},
		{[]string{"-fixture", "nope"}, `netstat: no fixture "nope"`},
		{[]string{"-in", "-", "-proto", "sctp"}, `netstat: -proto "sctp": want tcp or udp`},
		{[]string{"-in", "-", "-family", "5"}, "netstat: -family 5: want 4 or 6"},
		{[]string{"-in", "-", "-class", "9"}, "netstat: netmib: unknown table layout: GetExtendedTcpTable family IPv6, class Class(9)"},
		{[]string{"-in", "-", "-class", "4294967304"}, "netstat: netmib: unknown table layout"}, // not class 8 mod 2^32
		{[]string{"-in", "-", "-proto", "udp", "-class", "3"}, "netstat: netmib: unknown table layout: GetExtendedUdpTable"},
	} {
		code, out, errOut := runNetstat(t, mustBytes(t, "tcp6-empty"), tt.args...)
		require.Equal(t, 1, code, "%v", tt.args)
		require.Empty(t, out)
		require.Contains(t, errOut, tt.want)
		require.Equal(t, 1, strings.Count(errOut, "\n"))
	}
}

func TestFlagErrors(t *testing.T) {
	code, out, errOut := runNetstat(t, nil, "-nope")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "flag provided but not defined")
	code, _, errOut = runNetstat(t, nil, "extra")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `unexpected argument "extra"`)
}

func mustBytes(t *testing.T, name string) []byte {
	f, ok := fixtures.Lookup(name)
	require.True(t, ok, name)
	return f.Bytes()
}
