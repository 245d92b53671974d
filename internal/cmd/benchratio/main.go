// Command benchratio reads the output of several passes of the layout
// benchmarks (go test -bench ... -count 1, run N times and appended) and
// prints, for each layout, the median ns/row of the netmib loop and of the
// unsafe baseline, and the median of their ratio within each pass. Taking
// the ratio within a pass, where the two loops run seconds apart, keeps the
// drifts of a noisy machine out of it:
//
//	for i in $(seq 10); do go test ./tcpmib -run '^$' -bench 'AllLayouts|AppendEntries' -count 1; done > tcp.txt
//	go run ./internal/cmd/benchratio tcp.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var line = regexp.MustCompile(`^(Benchmark\S+)/(netmib|netmib-every-accessor|unsafe-baseline)-\d+\s+\d+\s+\S+ ns/op\s+(\S+) ns/row`)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: benchratio FILE")
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := report(os.Stdout, f); err != nil {
		log.Fatal(err)
	}
}

// report reads benchmark output from r and writes a line per layout to w.
func report(w io.Writer, r io.Reader) error {
	runs := map[string]map[string][]float64{} // benchmark -> variant -> ns/row per pass
	var order []string
	s := bufio.NewScanner(r)
	for s.Scan() {
		m := line.FindStringSubmatch(s.Text())
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			return err
		}
		if runs[m[1]] == nil {
			runs[m[1]] = map[string][]float64{}
			order = append(order, m[1])
		}
		runs[m[1]][m[2]] = append(runs[m[1]][m[2]], v)
	}
	if err := s.Err(); err != nil {
		return err
	}
	for _, name := range order {
		r := runs[name]
		n, b := r["netmib"], r["unsafe-baseline"]
		if len(n) == 0 || len(n) != len(b) {
			continue
		}
		out := fmt.Sprintf("%-50s netmib %5.1f  baseline %5.1f  ratio %.2f (%d passes)", strings.TrimPrefix(name, "Benchmark"), median(n), median(b), ratio(n, b), len(n))
		if e := r["netmib-every-accessor"]; len(e) == len(b) {
			out += fmt.Sprintf("  every-accessor %5.1f (%.2f)", median(e), ratio(e, b))
		}
		fmt.Fprintln(w, out)
	}
	return nil
}

// ratio returns the median of a[i]/b[i].
func ratio(a, b []float64) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = a[i] / b[i]
	}
	return median(r)
}

func median(v []float64) float64 {
	v = slices.Sorted(slices.Values(v))
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
