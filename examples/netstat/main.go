// Command netstat prints the sockets of a Windows host the way netstat -ano
// does: protocol, local and foreign address in Windows' own notation,
// state, owning process and creation time, and, when the owners are known,
// the process and service that own each socket, as netstat -b shows them.
//
// On Windows it shows the live host, TCP and UDP over IPv4 and IPv6; -b
// also resolves each socket's owner. Everywhere else it shows the snapshot
// of a synthetic Windows workstation that package fixtures embeds:
//
//	go run ./examples/netstat
//
// -in shows a file instead, from a path or, with "-in -", from standard
// input: a snapshot file (what examples/capture writes) needs no other
// flag; a bare table buffer needs -proto, -family and -class to say what it
// is. -fixture shows another embedded fixture, and lists their names when
// given a wrong one. -state, -pid and -port keep the sockets in that state,
// of that process, or with that local or remote port. -json prints the
// sockets as a JSON array, in the form of snapshot.Socket with the names of
// their owners. -diff OLD NEW prints what changed between two snapshot
// files:
//
//	go run ./examples/netstat -in host.json -state LISTEN
//	go run ./examples/netstat -in udp.bin -proto udp -family 4 -class 1
//	go run ./examples/netstat -diff before.json after.json
//
// A flag that does not apply is an error. On bad input netstat prints one
// line on standard error, nothing on standard output, and exits with
// status 1; a usage error exits with status 2.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/internal/text"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// live reports whether this build can take the live host's snapshot; a
// variable, for the tests.
var live = runtime.GOOS == "windows"

// options are the parsed flags; set holds the names of those given.
type options struct {
	in, fixture   string
	proto         string
	family        uint
	class         int64 // int64, so that every platform parses the same values
	table2        bool  // -class table2: GetTcpTable2 or GetTcp6Table2
	json, owners  bool
	diff          bool
	stateName     string
	pid, port     int64
	set           map[string]bool
	args          []string
	filterState   state.State
	filterByState bool
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var flagErr flagError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0 // -h: package flag has printed the usage
	case errors.As(err, &flagErr):
		return 2 // package flag has said what is wrong
	}
	if err != nil {
		fmt.Fprintf(stderr, "netstat: %v\n", err)
		return 2
	}

	// Everything that can fail on bad input happens before the first byte
	// is written; after that, only writing can fail.
	w := bufio.NewWriter(stdout)
	if o.diff {
		err = diff(w, o)
	} else {
		var s *snapshot.Snapshot
		if s, err = load(o, stdin, stderr); err == nil {
			showOwners := o.owners || len(s.Processes)+len(s.Services)+len(s.Owners) > 0
			if o.json {
				err = writeJSON(w, s, o)
			} else {
				err = writeText(w, s, o, showOwners)
			}
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "netstat: %v\n", err)
		return 1
	}
	return 0
}

// classFlag is the -class flag: a number, or table2.
type classFlag options

func (c *classFlag) String() string {
	if c == nil || c.class < 0 {
		return "-1" // unset
	}
	if c.table2 {
		return "table2"
	}
	return strconv.FormatInt(c.class, 10)
}

func (c *classFlag) Set(v string) error {
	if v == "table2" {
		c.class, c.table2 = 0, true
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return errors.New("want a number or table2")
	}
	c.class, c.table2 = n, false
	return nil
}

// A flagError is an error package flag has already reported.
type flagError struct{ error }

func (e flagError) Unwrap() error { return e.error }

// parseFlags parses args and rejects the flags that do not apply.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("netstat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.in, "in", "", "show the snapshot file or table buffer `file` (- for standard input)")
	fs.StringVar(&o.fixture, "fixture", "", "show the embedded fixture `name`")
	fs.StringVar(&o.proto, "proto", "", "with -in and a table buffer: its protocol, tcp or udp")
	fs.UintVar(&o.family, "family", 0, "with -in and a table buffer: its address family, 4 or 6")
	o.class = -1
	fs.Var((*classFlag)(&o), "class", "with -in and a table buffer: its `class`, TCP_TABLE_CLASS 0-8 or UDP_TABLE_CLASS 0-2, or table2 for GetTcpTable2 and GetTcp6Table2")
	fs.BoolVar(&o.json, "json", false, "print a JSON array of sockets instead of a table")
	fs.BoolVar(&o.owners, "b", false, "resolve the process and service that own each socket (the live host, on Windows)")
	fs.BoolVar(&o.diff, "diff", false, "print what changed between the snapshot files `OLD NEW` given as arguments")
	fs.StringVar(&o.stateName, "state", "", "show only TCP sockets in `state` (LISTEN, ESTABLISHED, TIME_WAIT, ...)")
	fs.Int64Var(&o.pid, "pid", -1, "show only sockets of process `pid`")
	fs.Int64Var(&o.port, "port", -1, "show only sockets whose local or remote port is `port`")
	if err := fs.Parse(args); err != nil {
		return o, flagError{err}
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	o.args = fs.Args()

	raw := o.set["proto"] || o.set["family"] || o.set["class"]
	switch {
	case o.diff && len(o.args) != 2:
		return o, errors.New("-diff takes two snapshot files: netstat -diff OLD NEW")
	case !o.diff && len(o.args) > 0:
		return o, fmt.Errorf("unexpected argument %q", o.args[0])
	case o.diff && (o.set["in"] || o.set["fixture"] || o.owners || raw):
		return o, errors.New("-diff compares the two snapshot files it is given, and takes no -in, -fixture, -b, -proto, -family or -class")
	case o.set["in"] && o.in == "":
		return o, errors.New("-in: empty file name")
	case o.set["fixture"] && o.fixture == "":
		return o, errors.New("-fixture: empty name")
	case o.set["in"] && o.set["fixture"]:
		return o, errors.New("-in and -fixture exclude each other")
	case raw && !o.set["in"]:
		return o, errors.New("-proto, -family and -class say what an -in table buffer holds, and apply to nothing else")
	case o.set["class"] && o.class < 0:
		return o, fmt.Errorf("-class %d: classes are 0 to 8 for TCP, 0 to 2 for UDP", o.class)
	case o.owners && (o.set["in"] || o.set["fixture"] || !live):
		return o, errors.New("-b asks Windows about the live host's processes; a snapshot file shows the owners it holds")
	case o.set["pid"] && (o.pid < 0 || o.pid > math.MaxUint32):
		return o, fmt.Errorf("-pid %d: not a process ID", o.pid)
	case o.set["port"] && (o.port < 0 || o.port > math.MaxUint16):
		return o, fmt.Errorf("-port %d: not a port", o.port)
	}
	if o.set["state"] {
		s, err := state.Parse(o.stateName)
		if err != nil {
			return o, fmt.Errorf("-state: %w", err)
		}
		o.filterState, o.filterByState = s, true
	}
	return o, nil
}

// load returns the snapshot to show: a file, a fixture, the live host, or
// the default fixture. A bare table becomes a snapshot of that one table.
func load(o options, stdin io.Reader, stderr io.Writer) (*snapshot.Snapshot, error) {
	switch {
	case o.set["in"]:
		b, err := readInput(o.in, stdin)
		if err != nil {
			return nil, err
		}
		s, err := snapshot.Parse(b)
		raw := o.set["proto"] || o.set["family"] || o.set["class"]
		switch {
		case err == nil && raw:
			return nil, fmt.Errorf("%s is a snapshot file, which says what it holds: -proto, -family and -class apply to table buffers", o.in)
		case err == nil:
			return s, nil
		case !errors.Is(err, snapshot.ErrNotSnapshot):
			return nil, fmt.Errorf("%s: %w", o.in, err) // a snapshot file gone bad
		case raw:
			return givenTable(b, o)
		}
		return foundTable(b, o.in, err, stderr)
	case o.set["fixture"] || !live:
		name := o.fixture
		if name == "" {
			name = fixtures.DefaultName
		}
		f, ok := fixtures.Lookup(name)
		if !ok {
			var names []string
			for _, f := range fixtures.All() {
				names = append(names, f.Name)
			}
			return nil, fmt.Errorf("no fixture %q; the fixtures are %s", name, strings.Join(names, ", "))
		}
		if f.Kind == fixtures.KindSnapshot {
			return snapshot.Parse(f.Bytes())
		}
		// A fixture's arguments are its provenance, and some fixtures
		// hold what Windows is known to write but Check refuses (garbage
		// in padding, unknown states): show it as they say, as Parse reads it.
		t := snapshot.Table{Proto: snapshot.TCP, Family: netmib.Family(f.Family), Class: f.Class, Data: f.Bytes()}
		if f.Proto == "udp" {
			t.Proto = snapshot.UDP
		}
		if f.Function == "GetTcpTable2" || f.Function == "GetTcp6Table2" {
			t.Func = snapshot.Table2
		}
		return oneTable(t, func() error { return parses(&t) })
	}
	return snapshot.Take(snapshot.Options{SkipOwners: !o.owners})
}

// oneTable returns a snapshot of the one table t, which check accepts.
func oneTable(t snapshot.Table, check func() error) (*snapshot.Snapshot, error) {
	if err := check(); err != nil {
		return nil, err
	}
	return &snapshot.Snapshot{Tables: []snapshot.Table{t}}, nil
}

// parses reports whether t's data parses as the layout its arguments name.
func parses(t *snapshot.Table) error {
	var err error
	if t.Proto == snapshot.TCP {
		_, err = t.TCP()
	} else {
		_, err = t.UDP()
	}
	return err
}

// givenTable returns a snapshot of the one table b, which o's -proto,
// -family and -class describe, if b's bytes are that table (see
// snapshot.Table.Check).
func givenTable(b []byte, o options) (*snapshot.Snapshot, error) {
	if o.proto == "" || o.family == 0 || o.class < 0 {
		return nil, errors.New("a table buffer needs all of -proto, -family and -class")
	}
	t := snapshot.Table{Data: b}
	var err error
	if t.Proto, err = snapshot.ParseProto(o.proto); err != nil {
		return nil, fmt.Errorf("-proto %q: want tcp or udp", o.proto)
	}
	switch o.family {
	case 4:
		t.Family = netmib.IPv4
	case 6:
		t.Family = netmib.IPv6
	default:
		return nil, fmt.Errorf("-family %d: want 4 or 6", o.family)
	}
	if o.class > math.MaxUint32 {
		return nil, fmt.Errorf("-class %d: classes are 0 to 8 for TCP, 0 to 2 for UDP", o.class)
	}
	t.Class = uint32(o.class)
	if o.table2 {
		if t.Proto != snapshot.TCP {
			return nil, errors.New("-class table2: GetTcpTable2 and GetTcp6Table2 return TCP tables")
		}
		t.Func = snapshot.Table2
	}
	if err := t.Check(); err != nil {
		if errors.Is(err, netmib.ErrUnknownLayout) {
			return nil, err
		}
		return nil, fmt.Errorf("%s is not the table %s names: %w; %s", o.in, flagsOf(snapshot.TableSpec{Proto: t.Proto, Family: t.Family, Func: t.Func, Class: t.Class}), err, fits(snapshot.Identify(b)))
	}
	return &snapshot.Snapshot{Tables: []snapshot.Table{t}}, nil
}

// foundTable returns a snapshot of the one table b holds, when exactly one
// table layout fits its bytes. why is why b is not a snapshot file.
func foundTable(b []byte, name string, why error, stderr io.Writer) (*snapshot.Snapshot, error) {
	specs := snapshot.Identify(b)
	if len(specs) != 1 {
		reason := strings.TrimPrefix(why.Error(), snapshot.ErrNotSnapshot.Error()+": ")
		return nil, fmt.Errorf("%s is not a snapshot file (%s); as a table buffer, %s", name, reason, fits(specs))
	}
	s := specs[0]
	fmt.Fprintf(stderr, "netstat: %s holds a %s, the one table layout its bytes fit (%s)\n", name, s.Layout(), flagsOf(s))
	t := snapshot.Table{Proto: s.Proto, Family: s.Family, Func: s.Func, Class: s.Class, Data: b}
	return oneTable(t, t.Check)
}

// fits says which layouts specs, those a buffer fits, are.
func fits(specs []snapshot.TableSpec) string {
	if len(specs) == 0 {
		return "its bytes fit no table layout"
	}
	var list []string
	for _, s := range specs {
		list = append(list, s.Layout()+" ("+flagsOf(s)+")")
	}
	if len(specs) == 1 {
		return "its bytes fit one table layout: " + list[0]
	}
	return fmt.Sprintf("its bytes fit %d table layouts: %s; say which with -proto, -family and -class", len(specs), strings.Join(list, ", "))
}

// flagsOf returns the flags that name the table s.
func flagsOf(s snapshot.TableSpec) string {
	family := "4"
	if s.Family == netmib.IPv6 {
		family = "6"
	}
	class := strconv.FormatUint(uint64(s.Class), 10)
	if s.Func == snapshot.Table2 {
		class = "table2"
	}
	return "-proto " + strings.ToLower(s.Proto.String()) + " -family " + family + " -class " + class
}

// maxInput bounds what -in reads: snapshot.MaxFileSize, which is also far
// more than the largest table. A variable, for the tests.
var maxInput = snapshot.MaxFileSize

// readInput reads a file, or standard input for "-", once, as
// snapshot.ReadAll reads it, up to maxInput bytes: a file larger than that
// is refused from its size, unread.
func readInput(in string, stdin io.Reader) ([]byte, error) {
	tooLarge := fmt.Errorf("%s: larger than the %d bytes a snapshot file may have", in, maxInput)
	r := io.LimitReader(stdin, int64(maxInput)+1)
	f, isFile := stdin.(*os.File) // standard input redirected from a file has a size
	if in != "-" {
		var err error
		if f, err = os.Open(in); err != nil {
			return nil, err
		}
		defer f.Close()
		isFile = true
	}
	if isFile {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if fi.Size() > int64(maxInput) {
				return nil, tooLarge
			}
			r = f // its Stat sizes ReadAll's buffer
		}
	}
	b, err := snapshot.ReadAll(r)
	if errors.Is(err, snapshot.ErrTooLarge) || len(b) > maxInput {
		return nil, tooLarge
	}
	return b, err
}

// keep reports whether sock passes the -state, -pid and -port filters.
func keep(sock *snapshot.Socket, o options) bool {
	if o.filterByState && !(sock.Has(snapshot.FieldState) && sock.State == o.filterState) {
		return false
	}
	if o.set["pid"] && !(sock.Has(snapshot.FieldPID) && int64(sock.PID) == o.pid) {
		return false
	}
	if o.set["port"] && int64(sock.Local.Port()) != o.port && !(sock.Has(snapshot.FieldRemote) && int64(sock.Remote.Port()) == o.port) {
		return false
	}
	return true
}

// owner returns what owns sock as netstat -b names it: the process, with
// the service in parentheses when the socket's service tag names one, or
// the owning module when the process is unknown; "-" when nothing is, and
// for PID 0, which Windows gives TIME_WAIT rows and Wine every socket it
// cannot attribute. The names come from the snapshot, which may come from
// a hostile host: control and format characters in them are escaped, so
// that a newline cannot forge a line and an escape sequence cannot reach
// the terminal.
func owner(s *snapshot.Snapshot, sock *snapshot.Socket) string {
	if sock.PID == 0 {
		return "-"
	}
	name := ""
	if p, ok := s.ProcessOf(sock); ok {
		name = p.Name()
	}
	if name == "" {
		if o, ok := s.OwnerOf(sock); ok {
			name = o.Name
		}
	}
	if v, ok := s.ServiceOf(sock); ok && v.Name != "" {
		if name == "" {
			return text.Escape(v.Name)
		}
		return text.Escape(name + " (" + v.Name + ")")
	}
	if name == "" {
		return "-"
	}
	return text.Escape(name)
}

// Column widths, as netstat.exe pads them; a longer value widens its row,
// and a space always separates the columns.
const (
	protoWidth   = 6
	addrWidth    = 45
	stateWidth   = 12
	pidWidth     = 7
	createdWidth = len("2006-01-02T15:04:05Z")
	offloadWidth = len("Offloading")
)

// hasOffload reports whether a table of s carries the offload state: a
// table of GetTcpTable2 or GetTcp6Table2.
func hasOffload(s *snapshot.Snapshot) bool {
	for _, t := range s.Tables {
		if t.Func == snapshot.Table2 {
			return true
		}
	}
	return false
}

// writeText writes the sockets in netstat's columns.
func writeText(w *bufio.Writer, s *snapshot.Snapshot, o options, owners bool) error {
	header := fmt.Sprintf("%-*s %-*s %-*s %-*s %-*s %-*s", protoWidth, "Proto", addrWidth, "Local Address",
		addrWidth, "Foreign Address", stateWidth, "State", pidWidth, "PID", createdWidth, "Created")
	offload := hasOffload(s)
	if offload {
		header += fmt.Sprintf(" %-*s", offloadWidth, "Offload")
	}
	if owners {
		header += " Owner"
	}
	w.WriteString(strings.TrimRight(header, " ") + "\n")
	for sock := range s.Sockets() {
		if !keep(&sock, o) {
			continue
		}
		line := socketLine(&sock)
		if offload {
			line += fmt.Sprintf(" %-*s", offloadWidth, offloadState(&sock))
		}
		if owners {
			line += " " + owner(s, &sock)
		}
		if _, err := w.WriteString(strings.TrimRight(line, " ") + "\n"); err != nil {
			return err
		}
	}
	return nil
}

// socketLine returns the columns of sock, from Proto to Created.
func socketLine(sock *snapshot.Socket) string {
	foreign, st := "*:*", ""
	if sock.Has(snapshot.FieldRemote) {
		foreign = endpoint(sock.Remote, sock.RemoteScopeID)
	}
	if sock.Has(snapshot.FieldState) {
		st = sock.State.String()
	}
	pid := "-"
	if sock.Has(snapshot.FieldPID) {
		pid = fmt.Sprint(sock.PID)
	}
	created := "-"
	if c := sock.Created(); !c.IsZero() {
		created = c.Format(time.RFC3339)
	}
	return fmt.Sprintf("%-*s %-*s %-*s %-*s %-*s %-*s", protoWidth, sock.Proto, addrWidth, endpoint(sock.Local, sock.LocalScopeID),
		addrWidth, foreign, stateWidth, st, pidWidth, pid, createdWidth, created)
}

// offloadState returns the offload state of sock as Get-NetTCPConnection
// names it, or "-" when its table has none.
func offloadState(sock *snapshot.Socket) string {
	if !sock.Has(snapshot.FieldOffloadState) {
		return "-"
	}
	return sock.OffloadState.String()
}

// endpoint prints an address and port as netstat.exe does: the address as
// RtlIpv6AddressToStringEx writes it, and the port even when it is 0
// ("[::]:0"), where RtlIpv6AddressToStringEx would leave it out.
func endpoint(ap netip.AddrPort, scope uint32) string {
	if ap.Port() != 0 {
		return addr.FormatEx(ap.Addr(), scope, ap.Port())
	}
	if ap.Addr().Is4() {
		return addr.Format(ap.Addr()) + ":0"
	}
	return "[" + addr.FormatEx(ap.Addr(), scope, 0) + "]:0"
}

// writeJSON writes the sockets as a JSON array, one socket at a time: the
// form of snapshot.Socket, and the names of its owners when the snapshot
// knows them.
func writeJSON(w *bufio.Writer, s *snapshot.Snapshot, o options) error {
	n := 0
	for sock := range s.Sockets() {
		if !keep(&sock, o) {
			continue
		}
		b, err := socketJSON(s, &sock)
		if err != nil {
			return err
		}
		if err := writeElement(w, n, b); err != nil {
			return err
		}
		n++
	}
	return endArray(w, n)
}

// socketJSON returns sock's JSON with the keys process, service and owner
// added when the snapshot names them.
func socketJSON(s *snapshot.Snapshot, sock *snapshot.Socket) ([]byte, error) {
	b, err := sock.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var extra []byte
	if p, ok := s.ProcessOf(sock); ok && p.Name() != "" {
		extra = appendKey(extra, "process", p.Name())
	}
	if v, ok := s.ServiceOf(sock); ok && v.Name != "" {
		extra = appendKey(extra, "service", v.Name)
	}
	if ow, ok := s.OwnerOf(sock); ok && ow.Name != "" {
		extra = appendKey(extra, "owner", ow.Name)
	}
	if len(extra) > 0 {
		b = append(append(b[:len(b)-1], extra...), '}')
	}
	return b, nil
}

func appendKey(b []byte, key, value string) []byte {
	v, _ := json.Marshal(value)
	b = append(b, `,"`+key+`":`...)
	return append(b, v...)
}

// writeElement writes the n-th element of a JSON array, indented.
func writeElement(w *bufio.Writer, n int, b []byte) error {
	var indented bytes.Buffer
	if err := json.Indent(&indented, b, "  ", "  "); err != nil {
		return err
	}
	if n == 0 {
		w.WriteString("[\n  ")
	} else {
		w.WriteString(",\n  ")
	}
	_, err := w.Write(indented.Bytes())
	return err
}

func endArray(w *bufio.Writer, n int) error {
	if n == 0 {
		_, err := w.WriteString("[]\n")
		return err
	}
	_, err := w.WriteString("\n]\n")
	return err
}

// diff prints what changed between the two snapshot files o.args names.
func diff(w *bufio.Writer, o options) error {
	var snaps [2]*snapshot.Snapshot
	for i, path := range o.args {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		snaps[i], err = snapshot.Read(f) // bounded by snapshot.MaxFileSize
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	changes := snapshot.Diff(snaps[0], snaps[1])
	n := 0
	for _, c := range changes {
		sock, s := &c.New, snaps[1]
		if c.Kind == snapshot.Closed {
			sock, s = &c.Old, snaps[0]
		}
		if !keep(sock, o) && !(c.Kind == snapshot.StateChanged && keep(&c.Old, o)) {
			continue
		}
		if o.json {
			b, err := changeJSON(c, snaps)
			if err != nil {
				return err
			}
			if err := writeElement(w, n, b); err != nil {
				return err
			}
		} else {
			line := changeMarks[c.Kind] + " " + socketLine(sock)
			if c.Kind == snapshot.StateChanged {
				line += " was " + c.Old.State.String()
			}
			if ow := owner(s, sock); ow != "-" {
				line += " " + ow
			}
			w.WriteString(strings.TrimRight(line, " ") + "\n")
		}
		n++
	}
	if o.json {
		return endArray(w, n)
	}
	if n == 0 {
		w.WriteString("no changes\n")
	}
	return nil
}

// changeMarks starts each line of -diff's text.
var changeMarks = [...]string{snapshot.Opened: "+", snapshot.Closed: "-", snapshot.StateChanged: "~"}

// changeJSON returns a change as {"change": ..., "old": ..., "new": ...},
// each socket in the form writeJSON gives it, or null.
func changeJSON(c snapshot.Change, snaps [2]*snapshot.Snapshot) ([]byte, error) {
	b := []byte(`{"change":"` + c.Kind.String() + `","old":`)
	for i, sock := range []*snapshot.Socket{&c.Old, &c.New} {
		if i == 1 {
			b = append(b, `,"new":`...)
		}
		if (i == 0 && c.Kind == snapshot.Opened) || (i == 1 && c.Kind == snapshot.Closed) {
			b = append(b, "null"...)
			continue
		}
		j, err := socketJSON(snaps[i], sock)
		if err != nil {
			return nil, err
		}
		b = append(b, j...)
	}
	return append(b, '}'), nil
}
