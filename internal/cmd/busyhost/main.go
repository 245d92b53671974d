// Command busyhost measures a capture of a busy host under Wine 8, which
// lists the Linux host's sockets: it holds -conns long-lived TCP
// connections on loopback (two sockets each) while other goroutines open
// and close connections as fast as they can, then runs a capture program
// under Wine (with -no-owners -no-network: the socket tables alone) and
// reports how long it took, how many times each table's
// function was called (Wine's iphlpapi trace says), and whether every
// long-lived socket is in the file. With -baseline it also runs itself,
// built for Windows, to call each of the four default tables' functions
// once with a buffer large enough for any table, which is the least a
// capture can cost.
//
// Run it from the repository root, after .ci/wine-setup:
//
//	GOOS=windows GOARCH=amd64 go build -o /tmp/capture.exe ./examples/capture
//	GOOS=windows GOARCH=amd64 go build -o /tmp/busyhost.exe ./internal/cmd/busyhost
//	go run ./internal/cmd/busyhost -capture /tmp/capture.exe -baseline /tmp/busyhost.exe
//
// The process needs a file limit above twice -conns (ulimit -n).
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/procnet"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

func main() {
	log.SetFlags(0)
	if runtime.GOOS == "windows" {
		baseline()
		return
	}
	conns := flag.Int("conns", 9000, "long-lived connections to hold (two sockets each)")
	churners := flag.Int("churn", 4, "goroutines that open and close connections as fast as they can")
	reset := flag.Bool("reset", false, "close the churned connections with a reset, so that none stays in TIME_WAIT")
	capture := flag.String("capture", "", "the capture.exe to run under Wine")
	base := flag.String("baseline", "", "busyhost built for Windows, to time one call of each table's function")
	runs := flag.Int("runs", 1, "captures to run")
	proc := flag.Int("proc", 0, "read /proc/net/tcp this many times first, and report how many long-lived sockets each read lists")
	flag.Parse()
	if *capture == "" {
		log.Fatal("busyhost: -capture is required (- for none)")
	}

	held, err := hold(*conns)
	if err != nil {
		log.Fatalf("busyhost: %v", err)
	}
	log.Printf("busyhost: holding %d connections (%d sockets) on loopback", len(held), 2*len(held))
	var churned atomic.Int64
	stop := churn(*churners, *reset, &churned)
	time.Sleep(2 * time.Second)

	for range *proc {
		text, err := os.ReadFile("/proc/net/tcp")
		if err != nil {
			log.Fatal(err)
		}
		socks, err := procnet.Parse(text, binary.NativeEndian)
		if err != nil {
			log.Fatal(err)
		}
		var ends [][2]uint16
		for _, k := range socks {
			ends = append(ends, [2]uint16{k.Local.Port(), k.Remote.Port()})
		}
		found, twice := countHeld(ends, held)
		log.Printf("/proc/net/tcp: %d rows; %d of the %d long-lived sockets, %d rows listed more than once", len(socks), found, 2*len(held), twice)
	}
	if *capture == "-" {
		stop()
		return
	}
	if *base != "" {
		out, d, calls := wine(*base)
		log.Printf("baseline: one call of each function with a 64 MiB buffer, %.1f s in all; calls: %v\n%s", d.Seconds(), calls, out)
	}
	for i := range *runs {
		file := filepath.Join(os.TempDir(), fmt.Sprintf("busyhost-%d.json", i))
		before := churned.Load()
		_, d, calls := wine(*capture, "-no-owners", "-no-network", "-o", file)
		log.Printf("capture: %.1f s, %d connections opened and closed meanwhile; calls: %v", d.Seconds(), churned.Load()-before, calls)
		log.Printf("%s", stateCounts(file))
		check(file, held)
	}
	stop()
}

// hold opens n connections to a listener on 127.0.0.1 and keeps both ends
// open, and returns the local port of every socket, keyed by its peer's.
func hold(n int) (map[uint16]uint16, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	accepted := make(chan net.Conn, n)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	ports := make(map[uint16]uint16, n)
	for range n {
		c, err := net.Dial("tcp4", ln.Addr().String())
		if err != nil {
			return nil, err
		}
		s := <-accepted
		kept = append(kept, c, s)
		ports[port(c.LocalAddr())] = port(c.RemoteAddr()) // the client end, and the server's port
	}
	return ports, nil
}

// kept holds the long-lived connections, so that nothing closes them.
var kept []net.Conn

func port(a net.Addr) uint16 { return uint16(a.(*net.TCPAddr).Port) }

// churn starts k goroutines that open and close connections to a listener
// of their own as fast as they can, and returns the function that stops
// them. Closed gracefully, each connection leaves a TIME_WAIT row for a
// minute, so the table grows while it is fetched, until the host runs out
// of ports; closed with a reset, none does.
func churn(k int, reset bool, n *atomic.Int64) func() {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if reset {
				c.(*net.TCPConn).SetLinger(0)
			}
			c.Close()
		}
	}()
	var done atomic.Bool
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				c, err := net.Dial("tcp4", ln.Addr().String())
				if err != nil {
					continue
				}
				if reset {
					c.(*net.TCPConn).SetLinger(0)
				}
				c.Close()
				n.Add(1)
			}
		}()
	}
	return func() { done.Store(true); wg.Wait(); ln.Close() }
}

// wine runs a Windows program under Wine with iphlpapi's trace on, and
// returns its output, how long it ran, and how many times it called each
// table function.
func wine(exe string, args ...string) (string, time.Duration, map[string]int) {
	cmd := exec.Command("wine", append([]string{exe}, args...)...)
	cmd.Env = append(os.Environ(), "WINEDEBUG=-all,trace+iphlpapi")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("busyhost: wine %s: %v\n%s", exe, err, tail(stderr.String()))
	}
	d := time.Since(start)
	calls := map[string]int{}
	sc := bufio.NewScanner(&stderr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, fn := range []string{"GetExtendedTcpTable", "GetExtendedUdpTable", "GetTcpTable2", "GetTcp6Table2"} {
			if strings.Contains(line, ":"+fn+" ") || strings.Contains(line, ":"+fn+"(") {
				calls[fn+" "+family(line)]++
			}
		}
	}
	return stdout.String(), d, calls
}

// family finds the address family in a trace line of Wine's iphlpapi.
func family(line string) string {
	switch {
	case strings.Contains(line, "family 23"), strings.Contains(line, "family 0x17"):
		return "IPv6"
	case strings.Contains(line, "family 2"):
		return "IPv4"
	}
	return ""
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// check reads the snapshot file and reports whether every long-lived
// socket, both ends of each connection, is in its IPv4 TCP table.
func check(file string, held map[uint16]uint16) {
	s, err := snapshot.ReadFile(file)
	if err != nil {
		log.Fatalf("busyhost: %v", err)
	}
	rows := 0
	var ends [][2]uint16
	for sock := range s.Sockets() {
		rows++
		if sock.Proto == netmib.TCP && sock.Family == netmib.IPv4 {
			ends = append(ends, [2]uint16{sock.Local.Port(), sock.Remote.Port()})
		}
	}
	found, twice := countHeld(ends, held)
	fi, _ := os.Stat(file)
	log.Printf("busyhost: %s: %d bytes, %d sockets; %d of the %d long-lived sockets, %d rows listed more than once",
		file, fi.Size(), rows, found, 2*len(held), twice)
	if found != 2*len(held) {
		log.Fatalf("busyhost: %d long-lived sockets are missing", 2*len(held)-found)
	}
}

// countHeld returns how many distinct long-lived sockets, both ends of
// each held connection (client port -> server port), the (local, remote)
// port pairs of ends list, and how many pairs repeat one already seen: a
// table read while it changes can list a socket twice.
func countHeld(ends [][2]uint16, held map[uint16]uint16) (found, twice int) {
	seen := map[[2]uint16]bool{}
	for _, e := range ends {
		l, r := e[0], e[1]
		client := held[l] == r && r != 0
		server := false
		if p, ok := held[r]; ok && p == l {
			server = true
		}
		if !client && !server {
			continue
		}
		if seen[e] {
			twice++
			continue
		}
		seen[e] = true
		found++
	}
	return found, twice
}

// stateCounts counts the sockets of a snapshot file by table and state.
func stateCounts(file string) string {
	s, err := snapshot.ReadFile(file)
	if err != nil {
		return err.Error()
	}
	n := map[string]int{}
	for sock := range s.Sockets() {
		n[fmt.Sprint(sock.Proto, " ", sock.Family, " ", sock.State)]++
	}
	return fmt.Sprint("rows: ", n)
}

// baseline calls each of the four default tables' functions once, with a
// buffer large enough for any table, and prints how long each took.
func baseline() {
	big := make([]byte, 0, 64<<20)
	for _, t := range snapshot.DefaultTables() {
		start := time.Now()
		var b []byte
		var err error
		if t.Proto == netmib.TCP {
			b, err = tcpmib.AppendFetch(big[:0], t.Family, tcpmib.Class(t.Class), false)
		} else {
			b, err = udpmib.AppendFetch(big[:0], t.Family, udpmib.Class(t.Class), false)
		}
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Printf("%v %v class %d: %d bytes in %.1f s\n", t.Proto, t.Family, t.Class, len(b), time.Since(start).Seconds())
	}
}
