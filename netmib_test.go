package netmib_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

func TestFamily(t *testing.T) {
	// The numbers are the Windows ABI (ws2def.h): spell them out.
	require.Equal(t, netmib.Family(2), netmib.IPv4)
	require.Equal(t, netmib.Family(23), netmib.IPv6)
	require.Equal(t, "IPv4", netmib.IPv4.String())
	require.Equal(t, "IPv6", netmib.IPv6.String())
	require.Equal(t, "Family(7)", netmib.Family(7).String())
}

func TestFormatErrorMessages(t *testing.T) {
	tests := []struct {
		err  netmib.FormatError
		want string
	}{
		{netmib.FormatError{}, "netmib: truncated table: dwNumEntries 0 needs 0 bytes, buffer has 0 (row 0 at offset 0 is incomplete)"},
		{netmib.FormatError{Table: "MIB_UDPTABLE", Row: -1, Want: 4, Have: 3, Err: netmib.ErrTruncated},
			"netmib: truncated MIB_UDPTABLE: header needs 4 bytes, buffer has 3"},
		{netmib.FormatError{Table: "MIB_UDPTABLE", Off: 12, Row: 1, Count: 9, Want: 76, Have: 13, Err: netmib.ErrTruncated},
			"netmib: truncated MIB_UDPTABLE: dwNumEntries 9 needs 76 bytes, buffer has 13 (row 1 at offset 12 is incomplete)"},
		{netmib.FormatError{Table: "MIB_UDPTABLE", Row: -1, Count: 2_000_000, Want: 16_000_004, Have: 16_000_004, Err: netmib.ErrTooManyRows},
			"netmib: MIB_UDPTABLE: dwNumEntries 2000000 is more than the 1048576 rows a table may have"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.err.Error())
		require.Equal(t, tt.err.Err, tt.err.Unwrap())
	}
}

// TestOneSentinelForBothPackages checks that truncation from either decoder
// matches the same sentinel and the same error type.
func TestOneSentinelForBothPackages(t *testing.T) {
	_, tcpErr := tcpmib.Parse([]byte{1, 0, 0, 0, 0, 0, 0, 0})
	_, udpErr := udpmib.ParseTable([]byte{1, 0, 0, 0}, netmib.IPv4, udpmib.Basic)
	for _, err := range []error{tcpErr, udpErr} {
		require.ErrorIs(t, err, netmib.ErrTruncated)
		var fe *netmib.FormatError
		require.ErrorAs(t, err, &fe)
		require.True(t, strings.HasPrefix(fe.Table, "MIB_"), fe.Table)
	}
	require.False(t, errors.Is(tcpErr, netmib.ErrTooManyRows))
}

func TestModuleInfo(t *testing.T) {
	var m netmib.ModuleInfo
	require.True(t, m.IsZero())
	binary.LittleEndian.PutUint64(m[:], 0xdeadbeef_0000002a)
	binary.LittleEndian.PutUint64(m[120:], 0x0102030405060708)
	require.False(t, m.IsZero())
	require.Equal(t, uint32(42), m.ServiceTag(), "the low 32 bits of element 0")
	require.Equal(t, uint64(0xdeadbeef_0000002a), m.Uint64(0))
	require.Equal(t, uint64(0x0102030405060708), m.Uint64(15))
	require.Panics(t, func() { m.Uint64(16) })

	text, err := m.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "2a000000efbeadde"+strings.Repeat("0", 224)+"0807060504030201", string(text))
	var back netmib.ModuleInfo
	require.NoError(t, back.UnmarshalText([]byte(strings.ToUpper(string(text)))))
	require.Equal(t, m, back)
	for _, bad := range []string{"", strings.Repeat("0", 255), strings.Repeat("0", 254) + "zz"} {
		require.Error(t, back.UnmarshalText([]byte(bad)), bad)
		require.Equal(t, m, back, "unchanged on error")
	}
}

// TestSocketSize keeps the memory bounds the package docs state true:
// AppendSockets allocates at most MaxRows sockets of this size.
func TestSocketSize(t *testing.T) {
	require.LessOrEqual(t, unsafe.Sizeof(netmib.Socket{}), uintptr(240))
	require.Equal(t, 1<<20, netmib.MaxRows, "docs say 240 MiB: 240 bytes times MaxRows")
}
