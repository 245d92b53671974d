package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func runNetstat(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if !strings.HasPrefix(t.Name(), "TestLive") {
		defer func(v bool) { live = v }(live)
		live = false // what every OS but Windows does; TestLive* test Windows' live host
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

func mustBytes(t *testing.T, name string) []byte {
	f, ok := fixtures.Lookup(name)
	require.True(t, ok, name)
	return f.Bytes()
}

func workstation(t *testing.T) *snapshot.Snapshot {
	s, err := snapshot.Read(bytes.NewReader(mustBytes(t, fixtures.DefaultName)))
	require.NoError(t, err)
	return s
}

// tempFile writes b to a file of its own: not t.TempDir, since Wine 8,
// which CI runs the Windows tests under, cannot RemoveAll a directory.
func tempFile(t *testing.T, pattern string, b []byte) string {
	f, err := os.CreateTemp("", pattern)
	require.NoError(t, err)
	t.Cleanup(func() { os.Remove(f.Name()) })
	_, err = f.Write(b)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return f.Name()
}

func TestDefault(t *testing.T) {
	code, out, errOut := runNetstat(t, nil)
	require.Equal(t, 0, code, errOut)
	require.Empty(t, errOut)
	golden(t, "default.golden", out)
	for _, want := range []string{
		"TCP    [::]:135 ", "UDP    [fe80::1c2d:3e4f:5a6b:7c8d%12]:1900 ",
		"svchost.exe (RpcSs)", "svchost.exe (Dnscache)", " System\n", "msedge.exe",
		"[::]:0", // a listener's foreign address shows port 0, as netstat.exe prints it
	} {
		require.Contains(t, out, want)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	n := 0
	for range workstation(t).Sockets() {
		n++
	}
	require.Len(t, lines, 1+n, "a header and every socket of the four tables")
	require.Equal(t, 1+12+18+7+7, len(lines))
}

func TestWineSnapshot(t *testing.T) {
	code, out, errOut := runNetstat(t, nil, "-fixture", "wine-snapshot")
	require.Equal(t, 0, code, errOut)
	golden(t, "wine-snapshot.golden", out)
	require.Contains(t, out, "[::1%4096]:", "Wine's scope for loopback")
	// Wine 8 leaves the PID 0 in every row, and the snapshot holds the
	// record of PID 0, which names it: the owner is what the record says.
	s, err := fixtures.Default().Snapshot()
	require.NoError(t, err)
	require.NotNil(t, s.Process(0))
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		require.Regexp(t, ` 0 +- +System Idle Process$`, l)
	}

	// Under Wine 10 every socket is winesockets.exe's, whose PID the
	// snapshot resolved to its image.
	code, out, errOut = runNetstat(t, nil, "-fixture", "wine10-snapshot")
	require.Equal(t, 0, code, errOut)
	golden(t, "wine10-snapshot.golden", out)
	f, _ := fixtures.Lookup("wine10-snapshot")
	s10, err := f.Snapshot()
	require.NoError(t, err)
	require.Len(t, s10.Processes, 1)
	require.Contains(t, s10.Processes[0].Image, "winesockets.exe")
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	require.NotEmpty(t, lines)
	for _, l := range lines {
		require.Regexp(t, fmt.Sprintf(` %d +- +winesockets\.exe$`, s10.Processes[0].PID), l)
	}
}

func TestJSON(t *testing.T) {
	code, out, errOut := runNetstat(t, nil, "-json")
	require.Equal(t, 0, code, errOut)
	golden(t, "default-json.golden", out)

	var socks []netmib.Socket
	require.NoError(t, json.Unmarshal([]byte(out), &socks))
	var want []netmib.Socket
	for sock := range workstation(t).Sockets() {
		want = append(want, sock)
	}
	require.Equal(t, want, socks)

	var named []struct{ Proto, Family, Process, Image, Service, Module, Owner *string }
	require.NoError(t, json.Unmarshal([]byte(out), &named))
	require.Equal(t, "tcp", *named[0].Proto)
	require.Equal(t, "IPv4", *named[0].Family)
	require.Equal(t, "svchost.exe", *named[0].Process)
	require.Equal(t, `C:\Windows\System32\svchost.exe`, *named[0].Image)
	require.Equal(t, "RpcSs", *named[0].Service)
	require.Equal(t, "RpcSs", *named[0].Module)
	require.Equal(t, "svchost.exe (RpcSs)", *named[0].Owner)
	for i, n := range named {
		if want[i].Has(netmib.FieldPID) && want[i].PID == 12400 { // another user's process: no name
			require.Nil(t, n.Process)
			require.Nil(t, n.Owner)
		}
	}
}

func TestSnapshotFile(t *testing.T) {
	b := mustBytes(t, fixtures.DefaultName)
	path := tempFile(t, "snapshot-*.json", b)
	code, fromFile, errOut := runNetstat(t, nil, "-in", path)
	require.Equal(t, 0, code, errOut)
	code, fromStdin, errOut := runNetstat(t, b, "-in", "-")
	require.Equal(t, 0, code, errOut)
	code, fromDefault, _ := runNetstat(t, nil)
	require.Equal(t, 0, code)
	require.Equal(t, fromFile, fromStdin)
	require.Equal(t, fromDefault, fromFile, "a snapshot file needs no flag")
}

func TestRawTables(t *testing.T) {
	code, out, errOut := runNetstat(t, mustBytes(t, "udp4-ownerpid"), "-in", "-", "-proto", "udp", "-family", "4", "-class", "1")
	require.Equal(t, 0, code, errOut)
	golden(t, "udp4-ownerpid.golden", out)
	require.Contains(t, out, "UDP    192.168.1.20:137")
	require.NotContains(t, out, "Owner", "a bare table has no owners")

	code, out2, errOut := runNetstat(t, nil, "-fixture", "udp4-ownerpid")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, out, out2, "-fixture takes the proto, family and class from the fixture")

	code, out, errOut = runNetstat(t, nil, "-fixture", "tcp4-basic", "-json")
	require.Equal(t, 0, code, errOut)
	var socks []netmib.Socket
	require.NoError(t, json.Unmarshal([]byte(out), &socks))
	require.Len(t, socks, 12)
	require.Equal(t, netip.MustParseAddrPort("0.0.0.0:135"), socks[0].Local)
	require.False(t, socks[0].Has(netmib.FieldPID), "a BASIC table has no PIDs")
	require.Contains(t, out, `"pid": null`)

	code, out, _ = runNetstat(t, nil, "-fixture", "tcp4-basic")
	require.Equal(t, 0, code)
	require.Contains(t, out, "LISTEN       -       -", "an unknown PID is -, not 0")

	code, out, _ = runNetstat(t, mustBytes(t, "tcp6-empty"), "-in", "-", "-proto", "tcp", "-family", "6", "-class", "8", "-json")
	require.Equal(t, 0, code)
	require.Equal(t, "[]\n", out)
}

// TestTable2 shows a table of GetTcp6Table2, whose rows carry the offload
// state: the Offload column, and the offload_state key of the JSON.
func TestTable2(t *testing.T) {
	code, out, errOut := runNetstat(t, nil, "-fixture", "tcp6-table2")
	require.Equal(t, 0, code, errOut)
	golden(t, "tcp6-table2.golden", out)
	require.Contains(t, strings.SplitN(out, "\n", 2)[0], " Offload")
	require.Contains(t, out, " Offloading")
	require.Contains(t, out, " OffloadState(7)")

	// The fixture's offload state 7 is no TCP_CONNECTION_OFFLOAD_STATE
	// value: given as a raw buffer, netstat refuses it; the fixture shows
	// that the decoder keeps such a value.
	code, _, errOut = runNetstat(t, mustBytes(t, "tcp6-table2"), "-in", "-", "-proto", "tcp", "-family", "6", "-class", "table2")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "dwOffloadState 7 is not a TCP_CONNECTION_OFFLOAD_STATE value")

	code, out, errOut = runNetstat(t, mustBytes(t, "wine10-tcp6-table2"), "-in", "-", "-proto", "tcp", "-family", "6", "-class", "table2")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, " InHost")

	code, out, errOut = runNetstat(t, nil, "-fixture", "tcp4-table2", "-json", "-state", "ESTABLISHED")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"offload_state": "Offloading",
    "offload_state_code": 1,`)

	code, out, _ = runNetstat(t, nil)
	require.Equal(t, 0, code)
	require.NotContains(t, out, "Offload", "no column without a TABLE2 table")
}

func TestFilters(t *testing.T) {
	count := func(args ...string) []string {
		code, out, errOut := runNetstat(t, nil, args...)
		require.Equal(t, 0, code, errOut)
		return strings.Split(strings.TrimSpace(out), "\n")[1:]
	}
	listen := count("-state", "LISTEN")
	n := 0
	for sock := range workstation(t).Sockets() {
		if sock.Has(netmib.FieldState) && sock.State == state.Listen {
			n++
		}
	}
	require.Len(t, listen, n)
	require.Equal(t, 16, n)
	for _, l := range listen {
		require.Contains(t, l, " LISTEN ")
	}
	require.Equal(t, listen, count("-state", "Listen"), "every spelling of the state")
	for _, l := range count("-pid", "1188") {
		require.Contains(t, l, " 1188 ")
	}
	require.Len(t, count("-pid", "1188"), 2)
	for _, l := range count("-port", "443") {
		require.Contains(t, l, ":443 ")
	}
	require.Len(t, count("-port", "443", "-state", "TIME_WAIT"), 2)
	require.Empty(t, count("-pid", "999999"))

	require.Len(t, count("-state", "LISTEN,ESTABLISHED"), n+count2(t, "-state", "ESTABLISHED"), "a list of states")
	require.Len(t, count("-pid", "1188,4"), 2+count2(t, "-pid", "4"))

	code, out, _ := runNetstat(t, nil, "-state", "ESTABLISHED", "-json")
	require.Equal(t, 0, code)
	var socks []netmib.Socket
	require.NoError(t, json.Unmarshal([]byte(out), &socks))
	require.NotEmpty(t, socks)
	for _, s := range socks {
		require.Equal(t, state.Established, s.State)
	}
}

// count2 returns how many sockets netstat shows with args.
func count2(t *testing.T, args ...string) int {
	code, out, errOut := runNetstat(t, nil, args...)
	require.Equal(t, 0, code, errOut)
	return len(strings.Split(strings.TrimSpace(out), "\n")) - 1
}

func TestDiff(t *testing.T) {
	old := mustBytes(t, fixtures.DefaultName)
	s := workstation(t)
	// One table fewer: every UDP socket over IPv6 closed.
	s.Tables = s.Tables[:3]
	var b bytes.Buffer
	require.NoError(t, snapshot.Write(&b, s))
	oldPath, newPath := tempFile(t, "old-*.json", old), tempFile(t, "new-*.json", b.Bytes())

	code, out, errOut := runNetstat(t, nil, "-diff", oldPath, newPath)
	require.Equal(t, 0, code, errOut)
	golden(t, "diff.golden", out)
	require.Equal(t, 7, strings.Count(out, "- UDP "))

	code, out, errOut = runNetstat(t, nil, "-json", "-port", "5353", "-diff", newPath, oldPath)
	require.Equal(t, 0, code, errOut)
	var changes []struct {
		Change string
		Old    *netmib.Socket
		New    *netmib.Socket
	}
	require.NoError(t, json.Unmarshal([]byte(out), &changes))
	require.Len(t, changes, 1)
	require.Equal(t, "opened", changes[0].Change)
	require.Nil(t, changes[0].Old)
	require.Equal(t, uint16(5353), changes[0].New.Local.Port())

	code, out, _ = runNetstat(t, nil, "-diff", oldPath, oldPath)
	require.Equal(t, 0, code)
	require.Equal(t, "no changes\n", out)
}

func TestBadInput(t *testing.T) {
	defer func(n int) { maxInput = n }(maxInput)
	maxInput = 1 << 10
	raw := []string{"-in", "-", "-proto", "tcp", "-family", "6", "-class", "8"}
	tests := []struct {
		name  string
		stdin []byte
		args  []string
		want  string
	}{
		{"truncated", mustBytes(t, "tcp6-truncated-row"), raw, "netstat: - is not the table -proto tcp -family 6 -class 8 names: netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 2 needs 392 bytes, buffer has 300"},
		{"hostile count", mustBytes(t, "tcp6-count-max"), append(raw, "-json"), "netmib: truncated MIB_TCP6TABLE_OWNER_MODULE: dwNumEntries 4294967295"},
		{"empty input", nil, raw, "header needs 8 bytes, buffer has 0"},
		{"a table that fits no layout", mustBytes(t, "tcp6-truncated-row"), []string{"-in", "-"}, "netstat: - is not a snapshot file (binary data (byte 0x02 at offset 0), not JSON text); as a table buffer, its bytes fit no table layout"},
		{"a table that fits many", mustBytes(t, "tcp6-empty"), []string{"-in", "-"}, "its bytes fit 14 table layouts: MIB_TCPTABLE (-proto tcp -family 4 -class 2), "},
		{"protocol 0", mustBytes(t, "tcp6-handmade"), []string{"-in", "-", "-proto", "Proto(0)", "-family", "6", "-class", "8"}, `netstat: -proto "Proto(0)": want tcp or udp`},
		{"some of the flags", mustBytes(t, "tcp6-handmade"), []string{"-in", "-", "-proto", "tcp"}, "netstat: a table buffer needs all of -proto, -family and -class"},
		{"a broken snapshot", []byte(`{"schema":"netmib.snapshot","version":1,"taken":"x"}`), []string{"-in", "-"}, "netstat: -: snapshot: invalid snapshot: "},
		{"a snapshot of version 3", []byte(`{"schema":"netmib.snapshot","version":3}`), []string{"-in", "-"}, "netstat: -: snapshot: unknown file version 3"},
		{"a snapshot cut short", mustBytes(t, fixtures.DefaultName)[:500], []string{"-in", "-"}, "netstat: -: snapshot: invalid snapshot: the file ends at byte 500 in the middle of its JSON: cut short?"},
		{"a snapshot with trailing garbage", append(mustBytes(t, "wine10-snapshot")[:0:0], `{"schema":"netmib.snapshot"} x`...), []string{"-in", "-"}, "data after the end of the JSON document, at byte 29"},
		{"a UTF-16 snapshot", utf16(`{"schema":"netmib.snapshot"}`), []string{"-in", "-"}, "it is UTF-16 text; a snapshot file is UTF-8"},
		{"missing file", nil, []string{"-in", filepath.Join("testdata", "no-such-capture.bin")}, "netstat: open "},
		{"directory", nil, []string{"-in", "testdata"}, "netstat: "},
		{"too large", make([]byte, 1<<10+1), []string{"-in", "-"}, "netstat: -: larger than the 1024 bytes a snapshot file may have"},
		{"a file too large", nil, []string{"-in", filepath.Join("testdata", "default.golden")}, "default.golden: larger than the 1024 bytes a snapshot file may have"},
		{"a missing diff file", nil, []string{"-diff", "nope.json", "nope.json"}, "netstat: open nope.json"},
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

func utf16(s string) []byte {
	var b []byte
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// TestRawTables gives netstat the tables real producers wrote with no
// flags, with their own flags, and with the flags of other tables.
func TestRawTablesIdentified(t *testing.T) {
	code, out, errOut := runNetstat(t, mustBytes(t, "wine10-tcp6-ownermodule"), "-in", "-")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "netstat: - holds a MIB_TCP6TABLE_OWNER_MODULE, the one table layout its bytes fit (-proto tcp -family 6 -class 8)\n", errOut)
	_, want, _ := runNetstat(t, nil, "-fixture", "wine10-tcp6-ownermodule")
	require.Equal(t, want, out)

	for _, tt := range []struct {
		fixture string
		args    []string
		want    string
	}{
		{"wine-tcp6-ownermodule", []string{"-proto", "tcp", "-family", "6", "-class", "5"},
			"netstat: - is not the table -proto tcp -family 6 -class 5 names: netmib: buffer is not a MIB_TCP6TABLE_OWNER_PID: 820 bytes after the last row, more than the 8 Windows reports; its bytes fit one table layout: MIB_TCP6TABLE_OWNER_MODULE (-proto tcp -family 6 -class 8)"},
		{"tcp6-dirty", []string{"-proto", "tcp", "-family", "6", "-class", "8"}, "the header's padding after dwNumEntries is not zero"},
		{"wine10-tcp4-ownerpid", []string{"-proto", "udp", "-family", "6", "-class", "0"},
			"netstat: - is not the table -proto udp -family 6 -class 0 names: netmib: buffer is not a MIB_UDP6TABLE: row 0 at offset 4: the local address is not in assigned IPv6 space; its bytes fit one table layout: MIB_TCPTABLE_OWNER_PID (-proto tcp -family 4 -class 5)"},
		{"wine10-udp6-ownerpid", []string{"-proto", "tcp", "-family", "4", "-class", "table2"},
			"dwState"},
	} {
		code, out, errOut := runNetstat(t, mustBytes(t, tt.fixture), append([]string{"-in", "-"}, tt.args...)...)
		require.Equal(t, 1, code, tt.fixture)
		require.Empty(t, out)
		require.Contains(t, errOut, tt.want)
	}
}

// TestForgedText checks that names from a snapshot file cannot forge a
// line of netstat's table, or reach the terminal as escape sequences.
func TestForgedText(t *testing.T) {
	s := workstation(t)
	forged := "evil.exe\nTCP    0.0.0.0:4444                                  0.0.0.0:0                                     LISTEN       4\x1b[2J\u202e"
	for i := range s.Processes {
		if s.Processes[i].Image != "" {
			s.Processes[i].Image = `C:\` + forged
		}
	}
	for i := range s.Services {
		s.Services[i].Name = forged
	}
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, s))
	for _, args := range [][]string{{"-in", "-"}, {"-in", "-", "-pid", "1188"}} {
		code, out, errOut := runNetstat(t, buf.Bytes(), args...)
		require.Equal(t, 0, code, errOut)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		for _, l := range lines[1:] {
			require.Regexp(t, `^(TCP|UDP) `, l)
		}
		require.NotContains(t, out, "\x1b")
		require.NotContains(t, out, "\u202e")
		require.Contains(t, out, `evil.exe\nTCP`)
		require.Contains(t, out, `\x1b[2J\u202e`)
	}
}

// TestFlagsThatDoNotApply checks that every flag that would be ignored is
// an error instead.
func TestFlagsThatDoNotApply(t *testing.T) {
	snap := tempFile(t, "snapshot-*.json", mustBytes(t, fixtures.DefaultName))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-proto", "tcp"}, "-proto, -family and -class say what an -in table buffer holds"},
		{[]string{"-fixture", "tcp6-empty", "-family", "6"}, "-proto, -family and -class say what an -in table buffer holds"},
		{[]string{"-in", "-", "-class", "-2"}, `invalid value "-2" for flag -class: want a number or table2`},
		{[]string{"-in", ""}, "-in: empty file name"},
		{[]string{"-fixture", ""}, "-fixture: empty name"},
		{[]string{"-in", "x", "-fixture", "tcp6-empty"}, "-in and -fixture exclude each other"},
		{[]string{"-b"}, "-b asks Windows about the live host's processes"},
		{[]string{"-fixture", "tcp6-empty", "-b"}, "-b asks Windows"},
		{[]string{"-diff", "a"}, "-diff takes two snapshot files"},
		{[]string{"-in", "c", "-diff", "a", "b"}, "-diff compares the two snapshot files it is given"},
		{[]string{"-family", "5"}, "-proto, -family and -class say what an -in table buffer holds"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		code, out, errOut := runNetstat(t, nil, tt.args...)
		require.Equal(t, 2, code, "%v: %s", tt.args, errOut)
		require.Empty(t, out)
		require.Contains(t, errOut, tt.want, "%v", tt.args)
		if !strings.Contains(errOut, "invalid value") { // package flag adds the usage
			require.Equal(t, 1, strings.Count(errOut, "\n"), "%v: %q", tt.args, errOut)
		}
	}

	// Values that are wrong only once the input is read exit with 1.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-in", snap, "-class", "8"}, "is a snapshot file, which says what it holds"},
		{[]string{"-fixture", "nope"}, `netstat: no fixture "nope"; the fixtures are workstation, wine-snapshot, wine-snapshot-v1, wine10-snapshot, tcp6-empty,`},
		{[]string{"-in", "-", "-proto", "sctp", "-family", "6", "-class", "1"}, `netstat: -proto "sctp": want tcp or udp`},
		{[]string{"-in", "-", "-proto", "tcp", "-family", "5", "-class", "1"}, `netstat: -family "5": want 4, 6, IPv4 or IPv6`},
		{[]string{"-in", "-", "-proto", "tcp", "-family", "IPX", "-class", "1"}, `netstat: -family "IPX": want 4, 6, IPv4 or IPv6`},
		{[]string{"-in", "-", "-proto", "tcp", "-family", "6", "-class", "9"}, "netstat: netmib: unknown table layout: GetExtendedTcpTable family IPv6, class Class(9)"},
		{[]string{"-in", "-", "-proto", "tcp", "-family", "6", "-class", "4294967304"}, "netstat: -class 4294967304"}, // not class 8 mod 2^32
		{[]string{"-in", "-", "-proto", "udp", "-family", "6", "-class", "3"}, "netstat: netmib: unknown table layout: GetExtendedUdpTable"},
		{[]string{"-in", "-", "-proto", "udp", "-family", "6", "-class", "table2"}, "netstat: -class table2: GetTcpTable2 and GetTcp6Table2 return TCP tables"},
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

	code, out, errOut = runNetstat(t, nil, "-in", "-", "-class", "table3")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Contains(t, errOut, `invalid value "table3" for flag -class: want a number or table2`)

	code, out, errOut = runNetstat(t, nil, "-h")
	require.Equal(t, 0, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "Usage of netstat:")
	require.NotContains(t, errOut, "(default", "no flag shows a default that is not one")

	for _, tt := range []struct{ args []string }{{[]string{"-pid", "-3"}}, {[]string{"-port", "70000"}}, {[]string{"-pid", "x"}}, {[]string{"-state", "LISTENER"}}} {
		code, out, errOut = runNetstat(t, nil, tt.args...)
		require.Equal(t, 2, code, "%v", tt.args)
		require.Empty(t, out)
		require.Contains(t, errOut, "invalid value", "%v", tt.args)
	}
}

// TestInputMemory checks that netstat reads its input once: loading a
// snapshot file allocates what the library's bound allows (3 bytes per
// byte of file, the file included; 4 from a pipe), not a second copy.
func TestInputMemory(t *testing.T) {
	entries := make([]netmib.Socket, 20000)
	l := tcpmib.IPv6OwnerModule
	for i := range entries {
		entries[i] = netmib.Socket{Proto: netmib.TCP, Family: l.Family(), Known: l.Fields(),
			Local: netip.AddrPortFrom(netip.MustParseAddr("2001:db8::1"), uint16(i)), Remote: netip.MustParseAddrPort("[2001:db8::2]:443"), State: state.Established, PID: uint32(i)}
	}
	data, err := tcpmib.IPv6OwnerModule.AppendTable(nil, entries)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, snapshot.Write(&buf, &snapshot.Snapshot{Tables: []snapshot.Table{{Proto: netmib.TCP, Family: 23, Class: 8, Data: data}}}))
	path := tempFile(t, "big-*.json", buf.Bytes())
	for _, in := range []struct {
		name  string
		stdin io.Reader
	}{{path, nil}, {"-", bytes.NewReader(buf.Bytes())}} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s, err := load(options{in: in.name, set: map[string]bool{"in": true}}, in.stdin, io.Discard)
		runtime.ReadMemStats(&after)
		require.NoError(t, err)
		require.Len(t, s.Tables, 1)
		perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(buf.Len())
		t.Logf("%s: %d bytes, %.2f allocated per byte", in.name, buf.Len(), perByte)
		bound := 3.0
		if in.name == "-" {
			bound = 4.0 // a pipe's size is known only at its end: its chunks, then one copy
		}
		require.LessOrEqual(t, perByte, bound)
	}
}
