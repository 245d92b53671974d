// Command netstat prints a TCP table the way netstat -ano does: protocol,
// local and foreign address in Windows' own notation, state, owning process
// and creation time.
//
// With no flags it decodes the default fixture embedded in package
// fixtures, a MIB_TCP6TABLE_OWNER_MODULE modelled on a Windows workstation:
//
//	go run ./examples/netstat
//
// -in decodes a buffer captured from GetExtendedTcpTable(AF_INET6,
// TCP_TABLE_OWNER_MODULE_*) instead, from a file or, with "-in -", from
// standard input; -json prints the rows as a JSON array of entries:
//
//	go run ./examples/netstat -in capture.bin -json
//
// On bad input it prints one line on standard error, nothing on standard
// output, and exits with status 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"time"

	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/tcpmib"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// maxInput bounds what -in reads: 64 MiB is a table of 350,000 IPv6 rows,
// far more sockets than any host has. A variable, for the tests.
var maxInput = 64 << 20

// run is the whole program, with its environment passed in for tests. It
// returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("netstat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "decode the captured `file` (- for standard input) instead of the default fixture")
	asJSON := fs.Bool("json", false, "print a JSON array of entries instead of a table")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "netstat: unexpected argument %q\n", fs.Arg(0))
		return 2
	}

	// Everything that can fail on bad input happens before the first byte
	// is written; after Parse, only writing can fail.
	buf, err := load(*in, stdin)
	if err == nil {
		var t tcpmib.Table
		if t, err = tcpmib.Parse(buf); err == nil {
			w := bufio.NewWriter(stdout)
			if *asJSON {
				err = writeJSON(w, t)
			} else {
				err = writeTable(w, t)
			}
			if err == nil {
				err = w.Flush()
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "netstat: %v\n", err)
		return 1
	}
	return 0
}

// load returns the bytes to decode: the default fixture, a file, or stdin.
func load(in string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	switch in {
	case "":
		return fixtures.Default().Bytes(), nil
	case "-":
		r = stdin
	default:
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

// writeJSON streams the rows as a JSON array of entries, one at a time.
func writeJSON(w *bufio.Writer, t tcpmib.Table) error {
	if t.Len() == 0 {
		_, err := w.WriteString("[]\n")
		return err
	}
	var indented bytes.Buffer
	w.WriteString("[\n  ")
	for i, r := range t.All() {
		b, err := json.Marshal(r.Decode())
		if err != nil {
			return err
		}
		indented.Reset()
		if err := json.Indent(&indented, b, "  ", "  "); err != nil {
			return err
		}
		if i > 0 {
			w.WriteString(",\n  ")
		}
		w.Write(indented.Bytes())
	}
	_, err := w.WriteString("\n]\n")
	return err
}

// Column widths, as netstat.exe pads them; a longer value widens its row,
// and a space always separates the columns.
const (
	protoWidth = 6
	addrWidth  = 45
	stateWidth = 12
	pidWidth   = 7
)

// writeTable streams the rows in netstat's columns.
func writeTable(w *bufio.Writer, t tcpmib.Table) error {
	fmt.Fprintf(w, "%-*s %-*s %-*s %-*s %-*s %s\n", protoWidth, "Proto", addrWidth, "Local Address",
		addrWidth, "Foreign Address", stateWidth, "State", pidWidth, "PID", "Created")
	for _, r := range t.All() {
		created := "-"
		if c := r.Created(); !c.IsZero() {
			created = c.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%-*s %-*s %-*s %-*s %-*d %s\n", protoWidth, "TCP",
			addrWidth, endpoint(r.Local(), r.LocalScopeID()), addrWidth, endpoint(r.Remote(), r.RemoteScopeID()),
			stateWidth, r.State(), pidWidth, r.PID(), created)
	}
	return nil
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
