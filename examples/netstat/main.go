// Command netstat prints connection tables the way netstat -ano does:
// protocol, local and foreign address in Windows' own notation, state,
// owning process and creation time.
//
// On Windows it shows the live TCP and UDP tables, over IPv4 and IPv6, and
// -b adds the module that owns each socket. Everywhere else it decodes the
// default fixture embedded in package fixtures, a
// MIB_TCP6TABLE_OWNER_MODULE modelled on a Windows workstation:
//
//	go run ./examples/netstat
//
// -in decodes a captured buffer instead, from a file or, with "-in -", from
// standard input; -proto, -family and -class say what it holds (by default
// the IPv6 TCP OWNER_MODULE table). -fixture decodes another embedded
// fixture. -json prints the rows as a JSON array of entries, in the form of
// tcpmib.Entry and udpmib.Entry; the live tables add a "proto" key, and -b
// "owner" and "owner_path":
//
//	go run ./examples/netstat -in capture.bin -json
//	go run ./examples/netstat -in udp.bin -proto udp -family 4 -class 1
//
// On bad input it prints one line on standard error, nothing on standard
// output, and exits with status 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"runtime"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// maxInput bounds what -in reads: 64 MiB is a table of 350,000 IPv6 rows,
// far more sockets than any host has. A variable, for the tests.
var maxInput = 64 << 20

// live reports whether this build can fetch the live tables; a variable,
// for the tests.
var live = runtime.GOOS == "windows"

// options are the parsed flags.
type options struct {
	in, fixture, proto string
	family             uint
	class              int64 // int64, so that every platform parses the same values
	json, owners       bool
}

// A table is one decoded table, TCP or UDP.
type table struct {
	tcp    tcpmib.Table
	udp    udpmib.Table
	isUDP  bool
	labels bool // the output mixes tables: say which each row comes from
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("netstat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.in, "in", "", "decode the captured `file` (- for standard input)")
	fs.StringVar(&o.fixture, "fixture", "", "decode the embedded fixture `name`")
	fs.StringVar(&o.proto, "proto", "tcp", "with -in: the table's protocol, tcp or udp")
	fs.UintVar(&o.family, "family", 6, "with -in: the table's address family, 4 or 6")
	fs.Int64Var(&o.class, "class", -1, "with -in: the table's class, TCP_TABLE_CLASS 0-8 or UDP_TABLE_CLASS 0-2 (default the OWNER_MODULE class)")
	fs.BoolVar(&o.json, "json", false, "print a JSON array of entries instead of a table")
	fs.BoolVar(&o.owners, "b", false, "show the module that owns each socket (live tables on Windows only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "netstat: unexpected argument %q\n", fs.Arg(0))
		return 2
	}

	// Everything that can fail on bad input happens before the first byte
	// is written; after that, only writing can fail.
	tables, err := load(o, stdin)
	if err == nil {
		w := bufio.NewWriter(stdout)
		if o.json {
			err = writeJSON(w, tables, o.owners)
		} else {
			err = writeText(w, tables, o.owners)
		}
		if err == nil {
			err = w.Flush()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "netstat: %v\n", err)
		return 1
	}
	return 0
}

// load returns the tables to print: a captured buffer, a fixture, the live
// tables, or the default fixture.
func load(o options, stdin io.Reader) ([]table, error) {
	switch {
	case o.in != "" && o.fixture != "":
		return nil, errors.New("-in and -fixture exclude each other")
	case o.owners && (o.in != "" || o.fixture != "" || !live):
		return nil, errors.New("-b needs the live tables: it asks Windows about running processes")
	case o.in != "":
		b, err := readInput(o.in, stdin)
		if err != nil {
			return nil, err
		}
		t, err := parse(b, o.proto, o.family, o.class)
		return []table{t}, err
	case o.fixture != "" || !live:
		name := o.fixture
		if name == "" {
			name = fixtures.DefaultName
		}
		f, ok := fixtures.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("no fixture %q", name)
		}
		family := uint(4)
		if f.Family == fixtures.AFInet6 {
			family = 6
		}
		t, err := parse(f.Bytes(), f.Proto, family, int64(f.Class))
		return []table{t}, err
	}
	return fetchAll()
}

// parse decodes b as the table proto, family and class name.
func parse(b []byte, proto string, family uint, class int64) (table, error) {
	var f netmib.Family
	switch family {
	case 4:
		f = netmib.IPv4
	case 6:
		f = netmib.IPv6
	default:
		return table{}, fmt.Errorf("-family %d: want 4 or 6", family)
	}
	if class > 8 { // keeps the conversions below from wrapping a huge -class round
		class = 9 // a class no layout has: ParseTable says so
	}
	switch proto {
	case "tcp":
		c := tcpmib.OwnerModuleAll
		if class >= 0 {
			c = tcpmib.Class(class)
		}
		t, err := tcpmib.ParseTable(b, f, c)
		return table{tcp: t}, err
	case "udp":
		c := udpmib.OwnerModule
		if class >= 0 {
			c = udpmib.Class(class)
		}
		t, err := udpmib.ParseTable(b, f, c)
		return table{udp: t, isUDP: true}, err
	}
	return table{}, fmt.Errorf("-proto %q: want tcp or udp", proto)
}

// fetchAll returns the live TCP and UDP tables, IPv4 then IPv6, as
// netstat -ano lists them.
func fetchAll() ([]table, error) {
	var out []table
	for _, f := range []netmib.Family{netmib.IPv4, netmib.IPv6} {
		b, err := tcpmib.AppendFetch(nil, f, tcpmib.OwnerModuleAll, true)
		if err != nil {
			return nil, err
		}
		t, err := tcpmib.ParseTable(b, f, tcpmib.OwnerModuleAll)
		if err != nil {
			return nil, err
		}
		out = append(out, table{tcp: t, labels: true})
	}
	for _, f := range []netmib.Family{netmib.IPv4, netmib.IPv6} {
		b, err := udpmib.AppendFetch(nil, f, udpmib.OwnerModule, true)
		if err != nil {
			return nil, err
		}
		t, err := udpmib.ParseTable(b, f, udpmib.OwnerModule)
		if err != nil {
			return nil, err
		}
		out = append(out, table{udp: t, isUDP: true, labels: true})
	}
	return out, nil
}

// readInput reads a file, or standard input for "-", up to maxInput bytes.
func readInput(in string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if in != "-" {
		f, err := os.Open(in)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(maxInput)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("input larger than %d bytes", maxInput)
	}
	return b, nil
}

// A row is what the output needs of a TCP or UDP row.
type row struct {
	proto          string // "TCP" or "UDP"
	local, foreign string
	state          string
	pid            uint32
	created        time.Time
	entry          json.Marshaler
	lookup         func() (netmib.Owner, error)
}

// rows calls fn for every row of the tables, in order.
func rows(tables []table, fn func(row) error) error {
	for _, t := range tables {
		if t.isUDP {
			for _, r := range t.udp.All() {
				e := r.Decode()
				err := fn(row{proto: "UDP", local: endpoint(e.Local, e.LocalScopeID), foreign: "*:*",
					pid: e.PID, created: e.Created(), entry: e,
					lookup: func() (netmib.Owner, error) { return udpmib.LookupOwner(e) }})
				if err != nil {
					return err
				}
			}
			continue
		}
		for _, r := range t.tcp.All() {
			e := r.Decode()
			err := fn(row{proto: "TCP", local: endpoint(e.Local, e.LocalScopeID), foreign: endpoint(e.Remote, e.RemoteScopeID),
				state: e.State.String(), pid: e.PID, created: e.Created(), entry: e,
				lookup: func() (netmib.Owner, error) { return tcpmib.LookupOwner(e) }})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// owner returns the owning module of r, or "-" when Windows cannot say (PID
// 0, an exited process, or no access).
func owner(r row) netmib.Owner {
	o, err := r.lookup()
	if err != nil || o.Name == "" {
		return netmib.Owner{Name: "-"}
	}
	return o
}

// writeJSON streams the rows as a JSON array, one entry at a time.
func writeJSON(w *bufio.Writer, tables []table, owners bool) error {
	labels := len(tables) > 0 && tables[0].labels
	n := 0
	var indented bytes.Buffer
	err := rows(tables, func(r row) error {
		b, err := r.entry.MarshalJSON()
		if err != nil {
			return err
		}
		if labels || owners { // splice the extra keys in front of the entry's
			var extra []byte
			if labels {
				extra = fmt.Appendf(extra, `"proto":%q,`, map[string]string{"TCP": "tcp", "UDP": "udp"}[r.proto])
			}
			if owners {
				o := owner(r)
				name, _ := json.Marshal(o.Name)
				path, _ := json.Marshal(o.Path)
				extra = fmt.Appendf(extra, `"owner":%s,"owner_path":%s,`, name, path)
			}
			b = append(append([]byte{'{'}, extra...), b[1:]...)
		}
		indented.Reset()
		if err := json.Indent(&indented, b, "  ", "  "); err != nil {
			return err
		}
		if n == 0 {
			w.WriteString("[\n  ")
		} else {
			w.WriteString(",\n  ")
		}
		n++
		_, err = w.Write(indented.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		_, err = w.WriteString("[]\n")
	} else {
		_, err = w.WriteString("\n]\n")
	}
	return err
}

// Column widths, as netstat.exe pads them; a longer value widens its row,
// and a space always separates the columns.
const (
	protoWidth = 6
	addrWidth  = 45
	stateWidth = 12
	pidWidth   = 7

	createdWidth = len("2006-01-02T15:04:05Z")
)

// writeText streams the rows in netstat's columns.
func writeText(w *bufio.Writer, tables []table, owners bool) error {
	fmt.Fprintf(w, "%-*s %-*s %-*s %-*s %-*s %s", protoWidth, "Proto", addrWidth, "Local Address",
		addrWidth, "Foreign Address", stateWidth, "State", pidWidth, "PID", "Created")
	if owners {
		fmt.Fprintf(w, "%*s", createdWidth-len("Created")+len(" Owner"), " Owner")
	}
	w.WriteString("\n")
	return rows(tables, func(r row) error {
		created := "-"
		if !r.created.IsZero() {
			created = r.created.Format(time.RFC3339)
		}
		_, err := fmt.Fprintf(w, "%-*s %-*s %-*s %-*s %-*d %s", protoWidth, r.proto, addrWidth, r.local,
			addrWidth, r.foreign, stateWidth, r.state, pidWidth, r.pid, created)
		if owners {
			fmt.Fprintf(w, "%*s[%s]", createdWidth-len(created)+1, "", owner(r).Name)
		}
		w.WriteString("\n")
		return err
	})
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
