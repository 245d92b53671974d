// Command winecheck checks the IP configuration that snapshot.Take
// captures under Wine 8 against the Linux host's own view. Wine 8 builds
// GetIfTable2, GetUnicastIpAddressTable and GetIpForwardTable2 from the
// host's real interfaces, so the tables must say what ip says:
//
//   - every interface, by index: its name (as Alias), MAC address and MTU;
//   - every address, by interface: the same addresses with the same
//     prefix lengths, no more and no fewer;
//   - every IPv4 route of the main table: destination, gateway and
//     interface, no more and no fewer. Wine 8 lists no IPv6 route
//     (docs/wire.md §9), so IPv6 routes are checked only with -ipv6-routes.
//
// It builds examples/capture for windows/amd64, runs it under Wine with
// -no-owners, reads the snapshot, and compares it with the JSON output of
// ip -j addr show and ip -j route show table main. .ci/run runs it after
// .ci/wine-setup; by hand:
//
//	WINEPREFIX=$HOME/.netmib-wine WINEDEBUG=-all go run ./internal/cmd/winecheck
//
// It prints what it compared, and exits with status 1 on any difference.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/netmib/netmib/snapshot"
)

func main() {
	log.SetFlags(0)
	wine := flag.String("wine", "wine", "the command that runs a Windows program")
	ipv6Routes := flag.Bool("ipv6-routes", false, "check the IPv6 routes too (Wine 8 lists none)")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "winecheck")
	check(err)
	defer os.RemoveAll(tmp)
	exe := filepath.Join(tmp, "capture.exe")
	build := exec.Command("go", "build", "-o", exe, "./examples/capture")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	check(build.Run())

	out := filepath.Join(tmp, "s.json")
	capture := exec.Command(*wine, exe, "-no-owners", "-o", out)
	capture.Stdout, capture.Stderr = os.Stderr, os.Stderr
	check(capture.Run())
	s, err := snapshot.ReadFile(out)
	check(err)

	var host Host
	check(ipJSON(&host.Links, "-j", "addr", "show"))
	check(ipJSON(&host.Routes4, "-j", "-4", "route", "show", "table", "main"))
	if *ipv6Routes {
		check(ipJSON(&host.Routes6, "-j", "-6", "route", "show", "table", "main"))
	}
	report, problems := Compare(s, &host, *ipv6Routes)
	for _, l := range report {
		fmt.Println(l)
	}
	for _, p := range problems {
		fmt.Println("MISMATCH:", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Println("winecheck: the tables agree with the host")
}

// ipJSON runs ip with args and decodes its JSON output into v.
func ipJSON(v any, args ...string) error {
	var out bytes.Buffer
	cmd := exec.Command("ip", args...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ip %v: %w", args, err)
	}
	return json.Unmarshal(out.Bytes(), v)
}

func check(err error) {
	if err != nil {
		log.Fatalf("winecheck: %v", err)
	}
}
