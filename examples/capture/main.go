// Command capture writes a live TCP or UDP table of a Windows host to a
// file, so that it can be decoded elsewhere, for example with
//
//	go run ./examples/netstat -in tcp6-class8-20261126T101500Z.bin
//
// It calls GetExtendedTcpTable or GetExtendedUdpTable for one address
// family and table class and writes the raw buffer as Windows returned it,
// and beside it a .json file that says what the buffer is: protocol,
// family, class, order, layout, row count, time, and the Wine version when
// it runs under Wine.
//
//	capture [-proto tcp|udp] [-family 4|6] [-class N] [-sorted] [-o file.bin]
//
// The defaults, -proto tcp -family 6 -class 8, give the
// MIB_TCP6TABLE_OWNER_MODULE of all sockets; for UDP the default class is
// 2, UDP_TABLE_OWNER_MODULE. Elsewhere than Windows it exits with an error.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/iphlpapi"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now))
}

// Meta is the content of the .json file written beside the buffer.
type Meta struct {
	Proto      string `json:"proto"`       // "tcp" or "udp"
	Family     uint32 `json:"family"`      // ulAf: 2 or 23
	Class      uint32 `json:"class"`       // TableClass
	ClassName  string `json:"class_name"`  // e.g. "OwnerModuleAll"
	Sorted     bool   `json:"sorted"`      // bOrder
	Layout     string `json:"layout"`      // SDK name of the table, when known
	Rows       int    `json:"rows"`        // dwNumEntries
	Bytes      int    `json:"bytes"`       // size of the buffer written
	CapturedAt string `json:"captured_at"` // RFC 3339, UTC
	Wine       string `json:"wine,omitempty"`
	Netstat    string `json:"netstat"` // the netstat flags that decode the file
	Error      string `json:"error,omitempty"`
}

func run(args []string, stdout, stderr io.Writer, now func() time.Time) int {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	proto := fs.String("proto", "tcp", "protocol: tcp or udp")
	family := fs.Uint("family", 6, "address family: 4 (AF_INET) or 6 (AF_INET6)")
	class := fs.Int("class", -1, "TCP_TABLE_CLASS 0-8 or UDP_TABLE_CLASS 0-2 (default the OWNER_MODULE class)")
	sorted := fs.Bool("sorted", false, "ask Windows to sort the rows")
	out := fs.String("o", "", "output `file` (default <proto><family>-class<class>-<time>.bin)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	f, err := parseFamily(*family)
	maxClass, defClass := 8, 8
	if *proto == "udp" {
		maxClass, defClass = 2, 2
	}
	if *class == -1 {
		*class = defClass
	}
	if err != nil || (*proto != "tcp" && *proto != "udp") || *class < 0 || *class > maxClass || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "capture: usage: capture [-proto tcp|udp] [-family 4|6] [-class N] [-sorted] [-o file.bin]")
		return 2
	}
	t := now().UTC()
	name := *out
	if name == "" {
		name = fmt.Sprintf("%s%d-class%d-%s.bin", *proto, *family, *class, t.Format("20060102T150405Z"))
	}
	if err := capture(name, *proto, f, *class, *sorted, t); err != nil {
		fmt.Fprintf(stderr, "capture: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, name)
	return 0
}

func parseFamily(v uint) (netmib.Family, error) {
	switch v {
	case 4:
		return netmib.IPv4, nil
	case 6:
		return netmib.IPv6, nil
	}
	return 0, errors.New("bad family")
}

func capture(name, proto string, f netmib.Family, class int, sorted bool, t time.Time) error {
	family := 4
	if f == netmib.IPv6 {
		family = 6
	}
	meta := Meta{
		Proto: proto, Family: uint32(f), Class: uint32(class), Sorted: sorted, CapturedAt: t.Format(time.RFC3339),
		Netstat: fmt.Sprintf("-proto %s -family %d -class %d", proto, family, class),
	}
	var b []byte
	var err error
	var parseErr error
	if proto == "udp" {
		c := udpmib.Class(class)
		meta.ClassName = c.String()
		if b, err = udpmib.AppendFetch(nil, f, c, sorted); err != nil {
			return err
		}
		if l, err := udpmib.LayoutOf(f, c); err == nil {
			meta.Layout = l.String()
			var tab udpmib.Table
			tab, parseErr = l.Parse(b)
			meta.Rows = tab.Len()
		}
	} else {
		c := tcpmib.Class(class)
		meta.ClassName = c.String()
		if b, err = tcpmib.AppendFetch(nil, f, c, sorted); err != nil {
			return err
		}
		if l, err := tcpmib.LayoutOf(f, c); err == nil {
			meta.Layout = l.String()
			var tab tcpmib.Table
			tab, parseErr = l.Parse(b)
			meta.Rows = tab.Len()
		}
	}
	meta.Bytes = len(b)
	if parseErr != nil {
		meta.Error = parseErr.Error()
	}
	if v, wine := iphlpapi.WineVersion(); wine {
		meta.Wine = v
	}
	j, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	// A buffer that does not parse is written all the same: it is what
	// Windows returned, and worth keeping; but the capture fails.
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(strings.TrimSuffix(name, ".bin")+".json", append(j, '\n'), 0o644); err != nil {
		return err
	}
	if parseErr != nil {
		return fmt.Errorf("%s written, but does not parse: %w", name, parseErr)
	}
	return nil
}
