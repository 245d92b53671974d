package udpmib_test

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/udpmib"
)

// TestMaxRows checks the row bound on the layout whose entries are largest
// against its rows (8-byte MIB_UDPROW, 240-byte netmib.Socket): a table of
// netmib.MaxRows rows parses and collects into sockets on every
// architecture the tests run on, 386 included, and one row more is refused
// before anything is allocated for it, by the decoder and the encoder.
func TestMaxRows(t *testing.T) {
	const size = 8 // MIB_UDPROW
	b := make([]byte, 4+(netmib.MaxRows+1)*size)
	for i := range netmib.MaxRows + 1 {
		row := b[4+i*size:]
		binary.BigEndian.PutUint32(row, uint32(i))     // dwLocalAddr: 0.0.0.0 and up
		binary.BigEndian.PutUint16(row[4:], uint16(i)) // dwLocalPort
	}

	binary.LittleEndian.PutUint32(b, netmib.MaxRows+1)
	_, err := udpmib.IPv4Basic.Parse(b)
	require.ErrorIs(t, err, netmib.ErrTooManyRows)
	require.NotErrorIs(t, err, netmib.ErrTruncated)
	var fe *netmib.FormatError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, uint32(netmib.MaxRows+1), fe.Count)
	require.Equal(t, int64(len(b)), fe.Have)
	require.Equal(t, "netmib: MIB_UDPTABLE: dwNumEntries 1048577 is more than the 1048576 rows a table may have", err.Error())
	allocs := testing.AllocsPerRun(5, func() { _, _ = udpmib.IPv4Basic.Parse(b) })
	require.Equal(t, 1.0, allocs, "only the error is allocated")

	binary.LittleEndian.PutUint32(b, netmib.MaxRows)
	tab, err := udpmib.IPv4Basic.Parse(b)
	require.NoError(t, err)
	entries := tab.AppendSockets(nil)
	require.Len(t, entries, netmib.MaxRows)
	last := netmib.MaxRows - 1
	require.Equal(t, netip.AddrPortFrom(netip.AddrFrom4([4]byte{0, 0x0f, 0xff, 0xff}), uint16(last)), entries[last].Local)

	_, err = udpmib.IPv4Basic.AppendTable(nil, append(entries, entries[0]))
	require.ErrorIs(t, err, netmib.ErrUnrepresentable, "no decoder would read it back")
}
