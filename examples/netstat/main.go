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
// flag; so does a bare table buffer whose bytes fit exactly one table
// layout, and -proto, -family and -class say what any other holds.
// -fixture shows another embedded fixture, and lists their names when
// given a wrong one. -interfaces, -routes and -neighbors list the host's
// interfaces with their addresses, its routes, or its neighbor cache,
// from a snapshot that holds them, instead of its sockets. -state, -pid and -port keep the sockets in those
// states, of those processes, or with those local or remote ports (each a
// comma-separated list). -json prints the sockets as a JSON array, in the
// form of snapshot.Record. -diff OLD NEW prints what changed between two
// snapshot files; flags may come before or after them:
//
//	go run ./examples/netstat -in host.json -state LISTEN
//	go run ./examples/netstat -in udp.bin -proto udp -family 4 -class 1
//	go run ./examples/netstat -diff before.json after.json -state ESTABLISHED
//
// A flag that does not apply is an error. netstat exits with status 0 on
// success and for -h, 2 for a usage error, and 1 for input it cannot read
// or show; on an error it prints one line on standard error and nothing
// on standard output.
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
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/ipconfig"
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
	in, fixture  string
	proto        string
	family       string
	class        int64 // int64, so that every platform parses the same values
	classSet     bool  // -class was given
	table2       bool  // -class table2: GetTcpTable2 or GetTcp6Table2
	json, owners bool
	diff         bool
	view         string // "interfaces", "routes" or "neighbors": show that table instead of the sockets
	filter       netmib.Filter
	set          map[string]bool
	args         []string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var flagErr flagError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0 // -h: package flag has printed the usage
	case errors.As(err, &flagErr):
		return 2 // package flag has said what is wrong
	case err != nil:
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
			err = show(w, s, o)
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

// A flagError is an error package flag has already reported.
type flagError struct{ error }

func (e flagError) Unwrap() error { return e.error }

// parseFlags parses args, flags before and after the arguments, and
// rejects the flags that do not apply.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("netstat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.in, "in", "", "show the snapshot file or table buffer `file` (- for standard input)")
	fs.StringVar(&o.fixture, "fixture", "", "show the embedded fixture `name`")
	fs.StringVar(&o.proto, "proto", "", "with -in and a table buffer: its protocol, tcp or udp")
	fs.StringVar(&o.family, "family", "", "with -in and a table buffer: its address family, 4 or 6 (IPv4, IPv6)")
	fs.Var((*classFlag)(&o), "class", "with -in and a table buffer: its `class`, TCP_TABLE_CLASS 0-8 or UDP_TABLE_CLASS 0-2, or table2 for GetTcpTable2 and GetTcp6Table2")
	fs.BoolVar(&o.json, "json", false, "print a JSON array (of sockets, or of the rows -interfaces, -routes or -neighbors list) instead of a table")
	fs.BoolVar(&o.owners, "b", false, "resolve the process and service that own each socket (the live host, on Windows)")
	fs.BoolVar(&o.diff, "diff", false, "print what changed between the snapshot files `OLD NEW` given as arguments")
	var interfaces, routes, neighbors bool
	fs.BoolVar(&interfaces, "interfaces", false, "list the interfaces and their addresses instead of the sockets")
	fs.BoolVar(&routes, "routes", false, "list the routes instead of the sockets")
	fs.BoolVar(&neighbors, "neighbors", false, "list the neighbor (ARP and IPv6 neighbor) cache instead of the sockets")
	fs.Var(listFlag(func(v string) error {
		s, err := state.Parse(v)
		o.filter.States = append(o.filter.States, s)
		return err
	}), "state", "show only TCP sockets in these `states` (LISTEN, ESTABLISHED, TIME_WAIT, ...)")
	fs.Var(listFlag(func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > math.MaxUint32 {
			return fmt.Errorf("%s: not a process ID", v)
		}
		o.filter.PIDs = append(o.filter.PIDs, uint32(n))
		return nil
	}), "pid", "show only sockets of these processes (`pids`)")
	fs.Var(listFlag(func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > math.MaxUint16 {
			return fmt.Errorf("%s: not a port", v)
		}
		o.filter.Ports = append(o.filter.Ports, uint16(n))
		return nil
	}), "port", "show only sockets whose local or remote port is one of these `ports`")

	// Flags may follow the arguments: parse again after each one.
	for {
		if err := fs.Parse(args); err != nil {
			return o, flagError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		o.args, args = append(o.args, args[0]), args[1:]
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	views := 0
	for name, on := range map[string]bool{"interfaces": interfaces, "routes": routes, "neighbors": neighbors} {
		if on {
			o.view, views = name, views+1
		}
	}
	filters := o.set["state"] || o.set["pid"] || o.set["port"]

	raw := o.set["proto"] || o.set["family"] || o.set["class"]
	switch {
	case o.diff && len(o.args) != 2:
		return o, errors.New("-diff takes two snapshot files: netstat -diff OLD NEW")
	case !o.diff && len(o.args) > 0:
		return o, fmt.Errorf("unexpected argument %q", o.args[0])
	case views > 1:
		return o, errors.New("-interfaces, -routes and -neighbors each list one table: give one")
	case views == 1 && (o.diff || filters || o.owners):
		return o, fmt.Errorf("-%s lists a table of the host's IP configuration, and takes no -diff, -state, -pid, -port or -b", o.view)
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
	case o.owners && (o.set["in"] || o.set["fixture"] || !live):
		return o, errors.New("-b asks Windows about the live host's processes; a snapshot file shows the owners it holds")
	}
	return o, nil
}

// classFlag is the -class flag: a number, or table2.
type classFlag options

func (c *classFlag) String() string {
	switch {
	case c == nil || !c.classSet:
		return "" // unset: -h shows no default
	case c.table2:
		return "table2"
	}
	return strconv.FormatInt(c.class, 10)
}

func (c *classFlag) Set(v string) error {
	if v == "table2" {
		c.class, c.table2, c.classSet = 0, true, true
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return errors.New("want a number or table2")
	}
	c.class, c.table2, c.classSet = n, false, true
	return nil
}

// listFlag is a flag that takes a comma-separated list, each element given
// to the function; it prints no default.
type listFlag func(string) error

func (f listFlag) String() string { return "" }

func (f listFlag) Set(v string) error {
	for _, e := range strings.Split(v, ",") {
		if err := f(strings.TrimSpace(e)); err != nil {
			return err
		}
	}
	return nil
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
		return f.Snapshot()
	}
	return snapshot.Take(snapshot.Options{SkipOwners: !o.owners})
}

// givenTable returns a snapshot of the one table b, which o's -proto,
// -family and -class describe, if b's bytes are that table (see
// snapshot.Table.Check).
func givenTable(b []byte, o options) (*snapshot.Snapshot, error) {
	if o.proto == "" || o.family == "" || !o.classSet {
		return nil, errors.New("a table buffer needs all of -proto, -family and -class")
	}
	t := snapshot.Table{Data: b}
	var err error
	if t.Proto, err = netmib.ParseProto(o.proto); err != nil || (t.Proto != netmib.TCP && t.Proto != netmib.UDP) { // ParseProto also reads "Proto(3)"
		return nil, fmt.Errorf("-proto %q: want tcp or udp", o.proto)
	}
	if t.Family, err = netmib.ParseFamily(o.family); err != nil || (t.Family != netmib.IPv4 && t.Family != netmib.IPv6) {
		return nil, fmt.Errorf("-family %q: want 4, 6, IPv4 or IPv6", o.family)
	}
	if o.class > math.MaxUint32 {
		return nil, fmt.Errorf("-class %d: classes are 0 to 8 for TCP, 0 to 2 for UDP", o.class)
	}
	t.Class = uint32(o.class)
	if o.table2 {
		if t.Proto != netmib.TCP {
			return nil, errors.New("-class table2: GetTcpTable2 and GetTcp6Table2 return TCP tables")
		}
		t.Func = snapshot.Table2
	}
	s, err := snapshot.FromTable(t)
	if err != nil && !errors.Is(err, netmib.ErrUnknownLayout) {
		spec := snapshot.TableSpec{Proto: t.Proto, Family: t.Family, Func: t.Func, Class: t.Class}
		return nil, fmt.Errorf("%s is not the table %s names: %w; %s", o.in, flagsOf(spec), err, fits(snapshot.Identify(b)))
	}
	return s, err
}

// foundTable returns a snapshot of the one table b holds, when exactly one
// table layout fits its bytes. why is why b is not a snapshot file.
func foundTable(b []byte, name string, why error, stderr io.Writer) (*snapshot.Snapshot, error) {
	specs := snapshot.Identify(b)
	if kinds := ipconfig.Identify(b); len(specs) == 0 && len(kinds) == 1 {
		fmt.Fprintf(stderr, "netstat: %s holds a %s, the one table its bytes fit (from %s)\n", name, kinds[0], kinds[0].Function())
		return &snapshot.Snapshot{Network: []snapshot.NetTable{{Kind: kinds[0], Data: b}}}, nil
	}
	if len(specs) != 1 {
		reason := strings.TrimPrefix(why.Error(), snapshot.ErrNotSnapshot.Error()+": ")
		return nil, fmt.Errorf("%s is not a snapshot file (%s); as a table buffer, %s", name, reason, fits(specs))
	}
	s := specs[0]
	fmt.Fprintf(stderr, "netstat: %s holds a %s, the one table layout its bytes fit (%s)\n", name, s.Layout(), flagsOf(s))
	return snapshot.FromTable(snapshot.Table{Proto: s.Proto, Family: s.Family, Func: s.Func, Class: s.Class, Data: b})
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
	proto, _ := s.Proto.MarshalText()
	return "-proto " + string(proto) + " -family " + family + " -class " + class
}

// maxInput bounds what -in reads: snapshot.MaxFileSize, which is also far
// more than the largest table. A variable, for the tests.
var maxInput = snapshot.MaxFileSize

// readInput reads a file, or standard input for "-", once, with
// snapshot.ReadAll, up to maxInput bytes: a regular file larger than that
// is refused from its size, unread.
func readInput(in string, stdin io.Reader) ([]byte, error) {
	tooLarge := fmt.Errorf("%s: larger than the %d bytes a snapshot file may have", in, maxInput)
	r := stdin
	if in != "-" {
		f, err := os.Open(in)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	if f, ok := r.(*os.File); ok { // standard input redirected from a file has a size too
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > int64(maxInput) {
			return nil, tooLarge
		}
	}
	b, err := snapshot.ReadAll(r)
	if errors.Is(err, snapshot.ErrTooLarge) || len(b) > maxInput {
		return nil, tooLarge
	}
	return b, err
}

// show writes the sockets of s that o's filter keeps, as a table or as
// JSON.
func show(w *bufio.Writer, s *snapshot.Snapshot, o options) error {
	if o.view == "" && len(s.Tables) == 0 && len(s.Network) == 1 { // one IP configuration table: show it
		if o.set["state"] || o.set["pid"] || o.set["port"] {
			return fmt.Errorf("-state, -pid and -port select sockets, and the input holds a %s alone", s.Network[0].Kind)
		}
		switch k := s.Network[0].Kind; k {
		case ipconfig.Interfaces:
			o.view = "interfaces"
		case ipconfig.Routes:
			o.view = "routes"
		case ipconfig.Neighbors:
			o.view = "neighbors"
		default:
			return fmt.Errorf("a %s alone has no view: netstat lists addresses with their interfaces, from a snapshot that holds both", k)
		}
	}
	if o.view != "" {
		return showNetwork(w, s, o)
	}
	if o.json {
		n := 0
		for r := range s.Records(o.filter) {
			if err := writeElement(w, n, r); err != nil {
				return err
			}
			n++
		}
		return endArray(w, n)
	}
	offload := hasOffload(s)
	owners := o.owners || len(s.Processes)+len(s.Services)+len(s.Modules) > 0
	header := fmt.Sprintf("%-*s %-*s %-*s %-*s %-*s %-*s", protoWidth, "Proto", addrWidth, "Local Address",
		addrWidth, "Foreign Address", stateWidth, "State", pidWidth, "PID", createdWidth, "Created")
	if offload {
		header += fmt.Sprintf(" %-*s", offloadWidth, "Offload")
	}
	if owners {
		header += " Owner"
	}
	w.WriteString(strings.TrimRight(header, " ") + "\n")
	for r := range s.Records(o.filter) {
		line := socketLine(&r.Socket)
		if offload {
			line += fmt.Sprintf(" %-*s", offloadWidth, offloadState(&r.Socket))
		}
		if owners {
			line += " " + orDash(r.Owner.String())
			if r.Owner.Doubtful {
				line += " [socket older than the process: PID reused?]"
			}
		}
		if _, err := w.WriteString(strings.TrimRight(line, " ") + "\n"); err != nil {
			return err
		}
	}
	return nil
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

// socketLine returns the columns of sock, from Proto to Created.
func socketLine(sock *netmib.Socket) string {
	st := ""
	if sock.Has(netmib.FieldState) {
		st = sock.State.String()
	}
	pid := "-"
	if sock.Has(netmib.FieldPID) {
		pid = strconv.FormatUint(uint64(sock.PID), 10)
	}
	created := "-"
	if c := sock.Created(); !c.IsZero() {
		created = c.Format(time.RFC3339)
	}
	return fmt.Sprintf("%-*s %-*s %-*s %-*s %-*s %-*s", protoWidth, sock.Proto, addrWidth, sock.LocalEndpoint(),
		addrWidth, sock.RemoteEndpoint(), stateWidth, st, pidWidth, pid, createdWidth, created)
}

// offloadState returns the offload state of sock as Get-NetTCPConnection
// names it, or "-" when its table has none.
func offloadState(sock *netmib.Socket) string {
	if !sock.Has(netmib.FieldOffloadState) {
		return "-"
	}
	return sock.OffloadState.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeElement writes v as the n-th element of a JSON array, indented.
func writeElement(w *bufio.Writer, n int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, b, "  ", "  "); err != nil {
		return err
	}
	if n == 0 {
		w.WriteString("[\n  ")
	} else {
		w.WriteString(",\n  ")
	}
	_, err = w.Write(indented.Bytes())
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
		var err error
		if snaps[i], err = snapshot.ReadFile(path); err != nil {
			if errors.Is(err, snapshot.ErrInvalid) || errors.Is(err, snapshot.ErrNotSnapshot) ||
				errors.Is(err, snapshot.ErrUnknownVersion) || errors.Is(err, snapshot.ErrTooLarge) {
				err = fmt.Errorf("%s: %w", path, err)
			}
			return err
		}
	}
	n := 0
	for _, c := range snapshot.Diff(snaps[0], snaps[1]) {
		if !(c.Kind != snapshot.Closed && o.filter.Match(&c.New)) && !(c.Kind != snapshot.Opened && o.filter.Match(&c.Old)) {
			continue
		}
		// Each socket with its owner, as the snapshot it comes from knows it.
		var old, new *snapshot.Record
		if c.Kind != snapshot.Opened {
			old = &snapshot.Record{Socket: c.Old, Owner: snaps[0].OwnerOf(&c.Old)}
		}
		if c.Kind != snapshot.Closed {
			new = &snapshot.Record{Socket: c.New, Owner: snaps[1].OwnerOf(&c.New)}
		}
		if o.json {
			v := struct {
				Change snapshot.ChangeKind `json:"change"`
				Old    *snapshot.Record    `json:"old"`
				New    *snapshot.Record    `json:"new"`
			}{c.Kind, old, new}
			if err := writeElement(w, n, v); err != nil {
				return err
			}
			n++
			continue
		}
		r := new
		if r == nil {
			r = old
		}
		line := changeMarks[c.Kind] + " " + socketLine(&r.Socket)
		if c.Kind == snapshot.StateChanged {
			line += " was " + c.Old.State.String()
		}
		if ow := r.Owner.String(); ow != "" {
			line += " " + ow
		}
		w.WriteString(strings.TrimRight(line, " ") + "\n")
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
