package procnet

import (
	"encoding/binary"
	"net"
	"net/netip"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// Lines as a little-endian Linux kernel writes them.
const sample = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 23456 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:A2B4 00000000000000000000000001000000:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 23457 1 0000000000000000 20 4 30 10 -1
   2: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C350 06 00000000:00000000 03:00001234 00000000     0        0 0 3 0000000000000000
   3: B80D0120000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
`

func TestParse(t *testing.T) {
	got, err := Parse([]byte(sample), binary.LittleEndian)
	require.NoError(t, err)
	require.Equal(t, []Socket{
		{Local: netip.MustParseAddrPort("[::]:8080"), Remote: netip.MustParseAddrPort("[::]:0"), State: 0x0a, UID: 1000, Inode: 23456},
		{Local: netip.MustParseAddrPort("[::1]:41652"), Remote: netip.MustParseAddrPort("[::1]:8080"), State: 0x01, UID: 1000, Inode: 23457},
		{Local: netip.MustParseAddrPort("[::ffff:127.0.0.1]:8080"), Remote: netip.MustParseAddrPort("[::ffff:127.0.0.1]:50000"), State: 0x06},
		{Local: netip.MustParseAddrPort("[2001:db8::1]:22"), Remote: netip.MustParseAddrPort("[::]:0"), State: 0x0a, Inode: 1},
	}, got)
}

func TestParseIPv4(t *testing.T) {
	text := "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
		"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 100 0 0 10 0\n"
	got, err := Parse([]byte(text), binary.LittleEndian)
	require.NoError(t, err)
	require.Equal(t, netip.MustParseAddrPort("127.0.0.1:8080"), got[0].Local)
	require.Equal(t, uint64(777), got[0].Inode)
}

func TestParseErrors(t *testing.T) {
	head := "  sl  local_address rem_address   st\n"
	for _, line := range []string{
		"0: 0100007F:1F90 00000000:0000",
		"0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 x 0 777",
		"0: 0100007G:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 777",
		"0: 0100007F1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 777",
		"0: 0100007F:1F9 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 777",
		"0: 0100007F:1F90 00000000:0000 1FF 00000000:00000000 00:00000000 00000000 0 0 777",
	} {
		_, err := Parse([]byte(head+line+"\n"), binary.LittleEndian)
		require.ErrorIs(t, err, ErrSyntax, line)
	}
}

// TestParseLiveKernel checks the parser against the running kernel: a
// listener this test opens must appear in /proc/net/tcp6.
func TestParseLiveKernel(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/net/tcp6 is Linux's")
	}
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	defer ln.Close()
	text, err := os.ReadFile("/proc/net/tcp6")
	require.NoError(t, err)
	// The kernel of the machine, not of the emulated GOARCH under qemu-user:
	// every kernel this runs on in CI is little-endian x86-64.
	socks, err := Parse(text, binary.LittleEndian)
	require.NoError(t, err)
	want := ln.Addr().(*net.TCPAddr).AddrPort()
	for _, s := range socks {
		if s.Local == want {
			require.Equal(t, uint8(0x0a), s.State, "LISTEN")
			require.Equal(t, uint32(os.Getuid()), s.UID)
			return
		}
	}
	t.Fatalf("listener %v not in /proc/net/tcp6 (%d sockets)", want, len(socks))
}
