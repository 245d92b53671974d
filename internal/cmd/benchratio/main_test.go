package main

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	// Two passes: the netmib loop is 1.2 and 1.5 times the baseline, so
	// the median ratio is 1.35, while the medians of the times give 1.33.
	in := `goos: linux
BenchmarkAllLayouts/MIB_TCPTABLE/netmib-2          	     100	   1000 ns/op	        12.00 ns/row	       0 B/op	       0 allocs/op
BenchmarkAllLayouts/MIB_TCPTABLE/unsafe-baseline-2 	     100	   1000 ns/op	        10.00 ns/row	       0 B/op	       0 allocs/op
BenchmarkParse-2 	 100	 6.0 ns/op
BenchmarkAllLayouts/MIB_TCPTABLE/netmib-2          	     100	   1000 ns/op	        30.00 ns/row	       0 B/op	       0 allocs/op
BenchmarkAllLayouts/MIB_TCPTABLE/unsafe-baseline-2 	     100	   1000 ns/op	        20.00 ns/row	       0 B/op	       0 allocs/op
BenchmarkAllLayouts/MIB_UDPTABLE/netmib-2          	     100	   1000 ns/op	        30.00 ns/row	       0 B/op	       0 allocs/op
`
	var out strings.Builder
	if err := report(&out, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	want := "AllLayouts/MIB_TCPTABLE                            netmib  21.0  baseline  15.0  ratio 1.35 (2 passes)\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
}

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
