package tcpmib_test

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
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// TestCheck changes one thing at a time in a valid table of each layout and
// checks what Layout.Check says of it.
func TestCheck(t *testing.T) {
	conn := netmib.Socket{Local: netip.MustParseAddrPort("[2001:db8::1]:443"), Remote: netip.MustParseAddrPort("[2001:db8::2]:50000"), State: state.Established}
	listen := netmib.Socket{Local: netip.MustParseAddrPort("[::]:80"), Remote: netip.MustParseAddrPort("[::]:0"), State: state.Listen}
	v4 := []netmib.Socket{
		{Local: netip.MustParseAddrPort("10.0.0.1:443"), Remote: netip.MustParseAddrPort("10.0.0.2:50000"), State: state.Established},
		{Local: netip.MustParseAddrPort("0.0.0.0:80"), Remote: netip.MustParseAddrPort("0.0.0.0:0"), State: state.Listen},
	}
	table := func(l tcpmib.Layout) []byte {
		e := []netmib.Socket{conn, listen}
		if l.Family() == netmib.IPv4 {
			e = slices.Clone(v4)
		}
		for i := range e {
			e[i] = of(l, e[i])
			if l == tcpmib.IPv4Table2 || l == tcpmib.IPv6Table2 {
				e[i].OffloadState = state.Offloaded
			}
		}
		b, err := l.AppendTable(nil, e)
		require.NoError(t, err)
		return b
	}
	// at returns the offset of member off of row i of layout l.
	at := func(l tcpmib.Layout, i, off int) int { return l.HeaderSize() + i*l.RowSize() + off }
	stateOff := map[bool]int{false: 0, true: 48} // IPv4 rows and MIB_TCP6ROW put it first
	for _, l := range tcpmib.Layouts() {
		t.Run(l.String(), func(t *testing.T) {
			good := table(l)
			require.NoError(t, l.Check(good))
			st := stateOff[l.Family() == netmib.IPv6 && l != tcpmib.IPv6Basic]
			addr := 0
			if l == tcpmib.IPv6Basic {
				addr = 4
			}
			tests := []struct {
				name string
				edit func(b []byte) []byte
				why  string // "" when the change fits the layout
			}{
				{"garbage in the upper port bytes", func(b []byte) []byte {
					port := map[bool]int{false: 8, true: 20}[l.Family() == netmib.IPv6]
					if l == tcpmib.IPv6Basic {
						port = 24
					}
					b[at(l, 0, port)+2] = 0xcc
					return b
				}, ""},
				{"Windows 7 slack", func(b []byte) []byte { return append(b, make([]byte, 12-l.HeaderSize())...) }, ""},
				{"more slack", func(b []byte) []byte { return append(b, make([]byte, 13-l.HeaderSize())...) }, "bytes after the last row, more than the"},
				{"slack that is not zero", func(b []byte) []byte { return append(b, 0, 1) }, "the slack after the last row is not zero"},
				{"an unknown state", func(b []byte) []byte {
					binary.LittleEndian.PutUint32(b[at(l, 1, st):], 13)
					return b
				}, "row 1 at offset " + itoa(at(l, 1, st)) + ": dwState 13 is not a MIB_TCP_STATE value"},
				{"state 0", func(b []byte) []byte {
					binary.LittleEndian.PutUint32(b[at(l, 0, st):], 0)
					return b
				}, "dwState 0 is not a MIB_TCP_STATE value"},
				{"Bound (100)", func(b []byte) []byte {
					binary.LittleEndian.PutUint32(b[at(l, 0, st):], 100)
					return b
				}, ""},
			}
			if l.HeaderSize() == 8 {
				tests = append(tests, struct {
					name string
					edit func(b []byte) []byte
					why  string
				}{"header padding", func(b []byte) []byte { b[6] = 1; return b }, "at offset 6: the header's padding after dwNumEntries is not zero"})
			}
			if l == tcpmib.IPv4Table2 || l == tcpmib.IPv6Table2 {
				off := map[bool]int{false: 24, true: 56}[l == tcpmib.IPv6Table2]
				tests = append(tests, struct {
					name string
					edit func(b []byte) []byte
					why  string
				}{"an unknown offload state", func(b []byte) []byte {
					binary.LittleEndian.PutUint32(b[at(l, 0, off):], 4)
					return b
				}, "dwOffloadState 4 is not a TCP_CONNECTION_OFFLOAD_STATE value"})
			}
			if l.Family() == netmib.IPv6 {
				remote := addr + 24
				tests = append(tests, []struct {
					name string
					edit func(b []byte) []byte
					why  string
				}{
					{"a local address outside assigned space", func(b []byte) []byte { b[at(l, 0, addr)] = 0x05; return b }, "the local address is not in assigned IPv6 space"},
					{"a remote address outside assigned space", func(b []byte) []byte { b[at(l, 0, remote)] = 0x40; return b }, "the remote address is not in assigned IPv6 space"},
					{"a listener's leftover remote address", func(b []byte) []byte { b[at(l, 1, remote)] = 0x40; return b }, ""},
					{"multicast and link-local", func(b []byte) []byte { b[at(l, 0, addr)] = 0xff; b[at(l, 0, remote)] = 0xfe; return b }, ""},
				}...)
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
					require.Contains(t, err.Error(), "netmib: buffer is not a "+l.String()+": ")
					require.Contains(t, err.Error(), tt.why)
					_, err = l.Parse(b) // Parse stays lenient
					require.NoError(t, err)
				})
			}
		})
	}
	require.ErrorIs(t, tcpmib.Layout(0).Check(nil), netmib.ErrUnknownLayout)
	require.ErrorIs(t, tcpmib.IPv6OwnerModule.Check([]byte{1, 0, 0, 0}), netmib.ErrTruncated)
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestIdentifyRealTables checks that every TCP table a real producer
// wrote fits its own layout and no other.
func TestIdentifyRealTables(t *testing.T) {
	n := 0
	for _, f := range fixtures.All() {
		if f.Kind != fixtures.KindTable || f.Proto != "tcp" || !strings.HasPrefix(f.Name, "wine") {
			continue
		}
		want, err := fixtureLayout(f)
		require.NoError(t, err)
		require.Equal(t, []tcpmib.Layout{want}, tcpmib.Identify(f.Bytes()), f.Name)
		n++
	}
	require.Equal(t, 18, n)
}
