// Command capture takes a snapshot of a Windows host, every TCP and UDP
// socket with its owners, and writes it to a file that netstat, or
// snapshot.Read in any program, can read on any OS:
//
//	capture [-o file.json] [-table proto/family/class[/sorted]]... [-no-owners] [-no-network]
//	go run ./examples/netstat -in WS-ALICE-20261126T101500Z.json
//
// By default it fetches the TCP and UDP OWNER_MODULE tables over IPv4 and
// IPv6 and the host's interfaces, addresses, routes and neighbors
// (package ipconfig), resolves every socket's process, service and owning
// module, and writes <host>-<UTC time>.json. Each -table names a table to fetch
// instead, by protocol, address family and class (TCP_TABLE_CLASS 0-8 or
// UDP_TABLE_CLASS 0-2), with /sorted to ask Windows to sort its rows:
// -table tcp/6/5 is GetExtendedTcpTable(AF_INET6, TCP_TABLE_OWNER_PID_ALL),
// and the class table2 names GetTcpTable2 and GetTcp6Table2, whose rows
// carry the offload state: -table tcp/6/table2.
// -no-owners skips resolving owners, -no-network the IP configuration
// tables. It prints the name of the file it
// wrote. Elsewhere than Windows it exits with an error.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/snapshot"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, snapshot.Take))
}

// tables collects -table flags.
type tables []snapshot.TableSpec

func (t *tables) String() string { return fmt.Sprint(*t) }

// Set parses proto/family/class[/sorted], such as tcp/6/8, udp/4/1/sorted
// or tcp/4/table2.
func (t *tables) Set(v string) error {
	parts := strings.Split(v, "/")
	if len(parts) == 4 && parts[3] == "sorted" {
		parts = parts[:3]
		defer func() { (*t)[len(*t)-1].Sorted = true }()
	}
	if len(parts) != 3 {
		return fmt.Errorf("%q: want proto/family/class, such as tcp/6/8 or tcp/6/table2", v)
	}
	var spec snapshot.TableSpec
	var err error
	if spec.Proto, err = netmib.ParseProto(parts[0]); err != nil || (spec.Proto != netmib.TCP && spec.Proto != netmib.UDP) { // ParseProto also reads "Proto(3)"
		return fmt.Errorf("%q: the protocol is tcp or udp", v)
	}
	maxClass := uint64(8)
	if spec.Proto == netmib.UDP {
		maxClass = 2
	}
	switch parts[1] {
	case "4":
		spec.Family = netmib.IPv4
	case "6":
		spec.Family = netmib.IPv6
	default:
		return fmt.Errorf("%q: the family is 4 or 6", v)
	}
	if parts[2] == "table2" { // GetTcpTable2 or GetTcp6Table2
		if spec.Proto != netmib.TCP {
			return fmt.Errorf("%q: table2 (GetTcpTable2, GetTcp6Table2) is TCP only", v)
		}
		spec.Func = snapshot.Table2
		*t = append(*t, spec)
		return nil
	}
	c, err := strconv.ParseUint(parts[2], 10, 32)
	if err != nil || c > maxClass {
		return fmt.Errorf("%q: the class is 0 to %d, or table2 for TCP", v, maxClass)
	}
	spec.Class = uint32(c)
	*t = append(*t, spec)
	return nil
}

func run(args []string, stdout, stderr io.Writer, take func(snapshot.Options) (*snapshot.Snapshot, error)) int {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var specs tables
	out := fs.String("o", "", "output `file` (default <host>-<UTC time>.json)")
	fs.Var(&specs, "table", "fetch the table `proto/family/class[/sorted]` instead of the defaults (class table2: GetTcpTable2 or GetTcp6Table2); repeatable")
	noOwners := fs.Bool("no-owners", false, "do not resolve the processes, services and modules that own the sockets")
	noNetwork := fs.Bool("no-network", false, "do not fetch the interfaces, addresses, routes and neighbors")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0 // package flag has printed the usage
	} else if err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "capture: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if fs.Lookup("o").Value.String() == "" && isSet(fs, "o") {
		fmt.Fprintln(stderr, "capture: -o: empty file name")
		return 2
	}
	s, err := take(snapshot.Options{Tables: specs, SkipOwners: *noOwners, SkipNetwork: *noNetwork})
	if err != nil {
		fmt.Fprintf(stderr, "capture: %v\n", err)
		return 1
	}
	var b bytes.Buffer
	if err := snapshot.Write(&b, s); err != nil {
		fmt.Fprintf(stderr, "capture: %v\n", err)
		return 1
	}
	name := *out
	if name == "" {
		name = defaultName(s.Host.Name, s.Taken)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "capture: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, name)
	return 0
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// defaultName returns <host>-<UTC time>.json, with the characters a file
// name cannot hold on Windows replaced.
func defaultName(host string, t time.Time) string {
	if host == "" {
		host = "host"
	}
	host = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < ' ' {
			return '_'
		}
		return r
	}, host)
	return host + "-" + t.UTC().Format("20060102T150405Z") + ".json"
}
