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
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"text/tabwriter"
	"time"

	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/tcpmib"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// maxInput bounds what -in reads: a table of a million IPv6 rows is 192 MB,
// far more than any host has sockets.
const maxInput = 256 << 20

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

	var out bytes.Buffer // written only when everything succeeded
	if err := netstat(&out, *in, *asJSON, stdin); err != nil {
		fmt.Fprintf(stderr, "netstat: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		fmt.Fprintf(stderr, "netstat: %v\n", err)
		return 1
	}
	return 0
}

func netstat(w io.Writer, in string, asJSON bool, stdin io.Reader) error {
	buf, err := load(in, stdin)
	if err != nil {
		return err
	}
	t, err := tcpmib.Parse(buf)
	if err != nil {
		return err
	}
	entries := t.AppendEntries(nil)
	if asJSON {
		return writeJSON(w, entries)
	}
	return writeTable(w, entries)
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
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, errors.New("input larger than 256 MiB")
	}
	return b, nil
}

func writeJSON(w io.Writer, entries []tcpmib.Entry) error {
	if entries == nil {
		entries = []tcpmib.Entry{} // [] rather than null
	}
	b, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func writeTable(w io.Writer, entries []tcpmib.Entry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Proto\tLocal Address\tForeign Address\tState\tPID\tCreated")
	for _, e := range entries {
		created := "-"
		if c := e.Created(); !c.IsZero() {
			created = c.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "TCP\t%s\t%s\t%s\t%d\t%s\n",
			endpoint(e.Local, e.LocalScopeID), endpoint(e.Remote, e.RemoteScopeID),
			e.State, e.PID, created)
	}
	return tw.Flush()
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
