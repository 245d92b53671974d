package mib

import (
	"encoding/binary"
	"math"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
)

// testLayout is a layout of 1-byte rows, so that a test can afford a table
// of netmib.MaxRows rows.
var testLayout = Layout{Name: "TEST", HeaderSize: 4, RowSize: 1}

func TestRows(t *testing.T) {
	six := Layout{Name: "TEST6", HeaderSize: 8, RowSize: 192}
	header := func(count uint32, n int) []byte {
		b := make([]byte, n)
		if n >= 4 {
			binary.LittleEndian.PutUint32(b, count)
		}
		return b
	}
	tests := []struct {
		name    string
		l       *Layout
		buf     []byte
		rows    int
		wantErr *netmib.FormatError
	}{
		{"nil", &six, nil, 0, &netmib.FormatError{Table: "TEST6", Off: 0, Row: -1, Want: 8, Have: 0, Err: netmib.ErrTruncated}},
		{"count without padding", &six, header(0, 4), 0, &netmib.FormatError{Table: "TEST6", Off: 4, Row: -1, Want: 8, Have: 4, Err: netmib.ErrTruncated}},
		{"empty", &six, header(0, 8), 0, nil},
		{"slack", &six, header(1, 8+192+191), 1, nil},
		{"short row", &six, header(2, 8+192+191), 0, &netmib.FormatError{Table: "TEST6", Off: 200, Row: 1, Count: 2, Want: 392, Have: 391, Err: netmib.ErrTruncated}},
		{"count max", &six, header(math.MaxUint32, 200), 0, &netmib.FormatError{Table: "TEST6", Off: 200, Row: 1, Count: math.MaxUint32, Want: 8 + math.MaxUint32*192, Have: 200, Err: netmib.ErrTruncated}},
		{"max rows", &testLayout, header(netmib.MaxRows, 4+netmib.MaxRows), netmib.MaxRows, nil},
		{"one row too many", &testLayout, header(netmib.MaxRows+1, 4+netmib.MaxRows+1), 0,
			&netmib.FormatError{Table: "TEST", Row: -1, Count: netmib.MaxRows + 1, Want: 4 + netmib.MaxRows + 1, Have: 4 + netmib.MaxRows + 1, Err: netmib.ErrTooManyRows}},
		{"too many and short", &testLayout, header(netmib.MaxRows+1, 4+netmib.MaxRows), 0,
			&netmib.FormatError{Table: "TEST", Off: 4 + netmib.MaxRows, Row: netmib.MaxRows, Count: netmib.MaxRows + 1, Want: 4 + netmib.MaxRows + 1, Have: 4 + netmib.MaxRows, Err: netmib.ErrTruncated}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := tt.l.Rows(tt.buf)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Len(t, rows, tt.rows*tt.l.RowSize)
				if len(rows) > 0 {
					require.Same(t, &tt.buf[tt.l.HeaderSize], &rows[0], "no copy")
				}
				return
			}
			require.Equal(t, tt.wantErr, err)
			require.ErrorIs(t, err, tt.wantErr.Err)
		})
	}
}

func TestReadersOnShortOrAbsent(t *testing.T) {
	row := make([]byte, 24)
	for i := range row {
		row[i] = 0xff
	}
	for _, off := range []int{Absent, 21, -1, math.MaxInt - 3, math.MinInt} {
		require.Zero(t, DWORD(row, off), off)
		require.Zero(t, Port(row, off), off)
		require.Zero(t, Int64(row, off), off)
		require.Equal(t, netip.Addr{}, IPv4(row, off), off)
		require.Equal(t, netip.Addr{}, IPv6(row, off), off)
		require.Equal(t, make([]byte, ModuleInfoLen), ModuleInfo(row, off), off)
	}
	require.Equal(t, uint32(0xffffffff), DWORD(row, 20))
	require.Equal(t, uint16(0xffff), Port(row, 20))
	require.Equal(t, int64(-1), Int64(row, 16))
	require.Equal(t, netip.MustParseAddr("255.255.255.255"), IPv4(row, 20))
	require.Equal(t, netip.MustParseAddr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), IPv6(row, 8))
	require.Zero(t, DWORD(nil, 0), "the empty row of the zero view")
}

func TestCheck(t *testing.T) {
	valid := Layout{Name: "T", HeaderSize: 8, RowSize: 32, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, PID: 24, State: 28,
		RemoteAddr: Absent, RemoteScopeID: Absent, RemotePort: Absent, CreateTimestamp: Absent,
		Flags: Absent, OffloadState: Absent, ModuleInfo: Absent}
	require.NoError(t, valid.Check())
	require.Len(t, valid.Members(), 5)
	for name, mutate := range map[string]func(l *Layout){
		"bad header":       func(l *Layout) { l.HeaderSize = 6 },
		"no rows":          func(l *Layout) { l.RowSize = 0 },
		"past the row":     func(l *Layout) { l.State = 30 },
		"negative":         func(l *Layout) { l.PID = -4 },
		"overlap":          func(l *Layout) { l.PID = 22 },
		"ipv4 fits less":   func(l *Layout) { l.IPv6 = false; l.LocalScopeID = 2 },
		"module too large": func(l *Layout) { l.ModuleInfo = 0 },
	} {
		l := valid
		mutate(&l)
		require.Error(t, l.Check(), name)
	}
	require.Empty(t, None.Members())
}

func TestAppendTableAndPut(t *testing.T) {
	l := Layout{Name: "T4", HeaderSize: 8, RowSize: 16,
		LocalAddr: 0, LocalPort: 4, PID: 8, LocalScopeID: Absent,
		RemoteAddr: Absent, RemoteScopeID: Absent, RemotePort: Absent, State: Absent, CreateTimestamp: Absent,
		Flags: Absent, OffloadState: Absent, ModuleInfo: Absent}
	out, rows, err := l.AppendTable([]byte("ab"), 2)
	require.NoError(t, err)
	require.Equal(t, "ab", string(out[:2]))
	require.Equal(t, []byte{2, 0, 0, 0, 0, 0, 0, 0}, out[2:10])
	require.Len(t, rows, 32)
	require.Same(t, &out[10], &rows[0])

	row := rows[:16]
	require.NoError(t, l.PutAddr(row, l.LocalAddr, netip.MustParseAddr("::ffff:10.0.0.1"), "local"))
	require.Equal(t, []byte{10, 0, 0, 1}, row[:4])
	require.NoError(t, l.PutPort(row, l.LocalPort, 0x1234, "port"))
	require.Equal(t, []byte{0x12, 0x34, 0, 0}, row[4:8])
	require.NoError(t, l.PutDWORD(row, l.PID, 7, "pid"))
	require.Equal(t, []byte{7, 0, 0, 0}, row[8:12])

	for name, err := range map[string]error{
		"ipv6 in ipv4":   l.PutAddr(row, l.LocalAddr, netip.MustParseAddr("2001:db8::1"), "local"),
		"zone":           l.PutAddr(row, l.LocalAddr, netip.MustParseAddr("fe80::1%3"), "local"),
		"absent addr":    l.PutAddr(row, l.RemoteAddr, netip.MustParseAddr("10.0.0.1"), "remote"),
		"absent port":    l.PutPort(row, l.RemotePort, 1, "port"),
		"absent dword":   l.PutDWORD(row, l.State, 1, "state"),
		"absent int64":   l.PutInt64(row, l.CreateTimestamp, 1, "ts"),
		"absent module":  l.PutModuleInfo(row, l.ModuleInfo, &netmib.ModuleInfo{127: 1}),
		"absent offload": l.PutDWORD(row, l.OffloadState, 2, "dwOffloadState"),
		"too many rows":  func() error { _, _, err := l.AppendTable(nil, netmib.MaxRows+1); return err }(),
		"negative count": func() error { _, _, err := l.AppendTable(nil, -1); return err }(),
	} {
		require.ErrorIs(t, err, netmib.ErrUnrepresentable, name)
	}
	// Zero values of absent members are fine: they are what decoding gives.
	require.NoError(t, l.PutAddr(row, l.RemoteAddr, netip.Addr{}, "remote"))
	require.NoError(t, l.PutDWORD(row, l.State, 0, "state"))
	require.NoError(t, l.PutModuleInfo(row, l.ModuleInfo, &netmib.ModuleInfo{}))
}

// TestEncodeDecode checks the generic encoder and decoder against each
// other and against the members a socket must carry.
func TestEncodeDecode(t *testing.T) {
	l := Layout{Name: "TEST", HeaderSize: 4, RowSize: 16, LocalAddr: 0, LocalPort: 4, PID: 8, OffloadState: 12,
		LocalScopeID: Absent, RemoteAddr: Absent, RemoteScopeID: Absent, RemotePort: Absent,
		State: Absent, CreateTimestamp: Absent, Flags: Absent, ModuleInfo: Absent}
	require.NoError(t, l.Check())
	require.Equal(t, netmib.FieldPID|netmib.FieldOffloadState, l.Fields())
	s := netmib.Socket{Proto: netmib.TCP, Family: netmib.IPv4, Local: netip.MustParseAddrPort("10.0.0.1:80"), PID: 7, OffloadState: 3, Known: l.Fields()}
	row := make([]byte, 16)
	require.NoError(t, l.Encode(row, netmib.TCP, &s))
	require.Equal(t, []byte{10, 0, 0, 1, 0, 80, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0}, row)
	var back netmib.Socket
	l.Decode(row, &back)
	back.Proto, back.Family, back.Known = s.Proto, s.Family, s.Known
	require.Equal(t, s, back)

	for name, bad := range map[string]netmib.Socket{
		"another protocol":    {Proto: netmib.UDP, Family: netmib.IPv4, Known: l.Fields()},
		"another family":      {Proto: netmib.TCP, Family: netmib.IPv6, Known: l.Fields()},
		"a member too few":    {Proto: netmib.TCP, Family: netmib.IPv4, Known: netmib.FieldPID},
		"a member too many":   {Proto: netmib.TCP, Family: netmib.IPv4, Known: l.Fields() | netmib.FieldState},
		"an unknown, set PID": {Proto: netmib.TCP, Family: netmib.IPv4, Known: l.Fields(), State: 5},
	} {
		require.ErrorIs(t, l.Encode(make([]byte, 16), netmib.TCP, &bad), netmib.ErrUnrepresentable, name)
	}
}
