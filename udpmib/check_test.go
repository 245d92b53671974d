package udpmib_test

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/udpmib"
)

// TestCheck changes one thing at a time in a valid table of each layout and
// checks what Layout.Check says of it.
func TestCheck(t *testing.T) {
	for _, l := range udpmib.Layouts() {
		t.Run(l.String(), func(t *testing.T) {
			e := []netmib.Socket{{Local: netip.MustParseAddrPort("10.0.0.1:53")}, {Local: netip.MustParseAddrPort("0.0.0.0:5353")}}
			if l.Family() == netmib.IPv6 {
				e = []netmib.Socket{{Local: netip.MustParseAddrPort("[2001:db8::1]:53")}, {Local: netip.MustParseAddrPort("[::]:5353")}}
			}
			for i := range e {
				e[i] = of(l, e[i])
			}
			good, err := l.AppendTable(nil, e)
			require.NoError(t, err)
			require.NoError(t, l.Check(good))
			row := func(i, off int) int { return l.HeaderSize() + i*l.RowSize() + off }
			type test struct {
				name string
				edit func(b []byte) []byte
				why  string
			}
			tests := []test{
				{"Windows 7 slack", func(b []byte) []byte { return append(b, make([]byte, 12-l.HeaderSize())...) }, ""},
				{"more slack", func(b []byte) []byte { return append(b, make([]byte, 13-l.HeaderSize())...) }, "bytes after the last row"},
				{"garbage in the upper port bytes", func(b []byte) []byte {
					off := map[bool]int{false: 4, true: 20}[l.Family() == netmib.IPv6]
					b[row(1, off)+3] = 0xee
					return b
				}, ""},
			}
			if l.Family() == netmib.IPv6 {
				tests = append(tests, test{"a local address outside assigned space", func(b []byte) []byte { b[row(0, 0)] = 0x02; return b }, "the local address is not in assigned IPv6 space"})
			}
			if l.HeaderSize() == 8 { // OWNER_MODULE: padding, holes and flags
				v6 := l.Family() == netmib.IPv6
				hole1, flags, hole2 := 12, 24, 28
				if v6 {
					hole1, flags, hole2 = 28, 40, 44
				}
				tests = append(tests,
					test{"header padding", func(b []byte) []byte { b[4] = 0xff; return b }, "the header's padding after dwNumEntries is not zero"},
					test{"the hole before the timestamp", func(b []byte) []byte { b[row(1, hole1)+1] = 1; return b }, "row 1 at offset " + itoa(row(1, hole1)+1) + ": the padding at row offset " + itoa(hole1) + " is not zero"},
					test{"the hole before the module info", func(b []byte) []byte { b[row(0, hole2)] = 1; return b }, "the padding at row offset " + itoa(hole2) + " is not zero"},
					test{"SpecificPortBind", func(b []byte) []byte { b[row(0, flags)] = 1; return b }, ""},
					test{"another flag", func(b []byte) []byte { binary.LittleEndian.PutUint32(b[row(0, flags):], 3); return b }, "dwFlags 3 has bits set besides SpecificPortBind"},
				)
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					b := tt.edit(slices.Clone(good))
					err := l.Check(b)
					if tt.why == "" {
						require.NoError(t, err)
						return
					}
					require.ErrorIs(t, err, netmib.ErrMismatch)
					var fe *netmib.FormatError
					require.True(t, errors.As(err, &fe))
					require.Equal(t, l.String(), fe.Table)
					require.Contains(t, err.Error(), tt.why)
					_, err = l.Parse(b) // Parse stays lenient
					require.NoError(t, err)
				})
			}
		})
	}
	require.ErrorIs(t, udpmib.Layout(0).Check(nil), netmib.ErrUnknownLayout)
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestIdentifyRealTables checks that every UDP table a real producer wrote
// fits its own layout, and no other but where its size and bytes cannot
// tell: an OWNER_PID table of one row whose PID is 0 is also a
// MIB_UDPTABLE (the PID reads as slack).
func TestIdentifyRealTables(t *testing.T) {
	n := 0
	for _, f := range fixtures.All() {
		if f.Kind != fixtures.KindTable || f.Proto != "udp" || !strings.HasPrefix(f.Name, "wine") {
			continue
		}
		want, err := udpmib.LayoutOf(netmib.Family(f.Family), udpmib.Class(f.Class))
		require.NoError(t, err)
		got := udpmib.Identify(f.Bytes())
		require.Contains(t, got, want, f.Name)
		if len(got) > 1 {
			require.Equal(t, "wine-udp4-ownerpid", f.Name)
			require.Equal(t, []udpmib.Layout{udpmib.IPv4Basic, udpmib.IPv4OwnerPID}, got)
		}
		n++
	}
	require.Equal(t, 12, n)
}
