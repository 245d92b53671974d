package udpmib_test

import (
	"encoding/binary"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/procnet"
	"github.com/netmib/netmib/internal/winapi"
	"github.com/netmib/netmib/udpmib"
)

// udpSocket binds a UDP socket on [::1] with package syscall rather than
// package net: Go's net sets SIO_UDP_NETRESET on every UDP socket, which
// Wine 8 and 10 do not implement, so net.ListenPacket fails under Wine.
func udpSocket(t *testing.T) netip.AddrPort {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_DGRAM, syscall.IPPROTO_UDP)
	require.NoError(t, err)
	t.Cleanup(func() { syscall.Closesocket(fd) })
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrInet6{Addr: netip.IPv6Loopback().As16()}))
	sa, err := syscall.Getsockname(fd)
	require.NoError(t, err)
	return netip.AddrPortFrom(netip.IPv6Loopback(), uint16(sa.(*syscall.SockaddrInet6).Port))
}

// udpSocket4 does the same on 127.0.0.1.
func udpSocket4(t *testing.T) netip.AddrPort {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, syscall.IPPROTO_UDP)
	require.NoError(t, err)
	t.Cleanup(func() { syscall.Closesocket(fd) })
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	sa, err := syscall.Getsockname(fd)
	require.NoError(t, err)
	return netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), uint16(sa.(*syscall.SockaddrInet4).Port))
}

// TestLiveFetchFindsOwnSocket finds this test's UDP socket, over IPv6 and
// IPv4, in every table, and in the tables that carry PIDs with this
// process's PID: always on Windows and Wine 10, and where it is filled
// under Wine before 10, which leaves it 0 in IPv6 rows (docs/wire.md §7.2).
func TestLiveFetchFindsOwnSocket(t *testing.T) {
	version, wine := winapi.WineVersion()
	exact := !wine
	if wine {
		major, _ := strconv.Atoi(strings.SplitN(version, ".", 2)[0])
		exact = major >= 10
		t.Logf("Wine %s: the PID must be this process's (%d)%s", version, os.Getpid(),
			map[bool]string{false: ", or 0: Wine < 10 does not always fill it", true: ""}[exact])
	}
	for _, side := range []struct {
		family netmib.Family
		local  netip.AddrPort
	}{{netmib.IPv6, udpSocket(t)}, {netmib.IPv4, udpSocket4(t)}} {
		for _, sorted := range []bool{false, true} {
			for c := udpmib.Basic; c <= udpmib.OwnerModule; c++ {
				b, err := udpmib.AppendFetch(nil, side.family, c, sorted)
				require.NoError(t, err)
				tab, err := udpmib.ParseTable(b, side.family, c)
				require.NoError(t, err)
				var found *netmib.Socket
				for _, r := range tab.All() {
					if r.Local() == side.local {
						e := r.Socket()
						found = &e
					}
				}
				require.NotNil(t, found, "%v: %v in %d rows", tab.Layout(), side.local, tab.Len())
				if c != udpmib.Basic && (exact || found.PID != 0) {
					require.Equal(t, uint32(os.Getpid()), found.PID, "%v", tab.Layout())
				}
				t.Logf("%v sorted=%v: %d rows; own socket %v PID %d", tab.Layout(), sorted, tab.Len(), found.Local, found.PID)
			}
		}
	}
	b, err := udpmib.AppendFetch(nil, netmib.IPv6, udpmib.OwnerModule, false)
	require.NoError(t, err)
	require.NoError(t, udpmib.IPv6OwnerModule.Check(b), "what Windows writes passes the strict check")
}

func TestLiveFetchReusedBuffer(t *testing.T) {
	udpSocket(t)
	b, err := udpmib.AppendFetch(make([]byte, 0, 1<<16), netmib.IPv6, udpmib.OwnerModule, false)
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(10, func() {
		b, err = udpmib.AppendFetch(b[:0], netmib.IPv6, udpmib.OwnerModule, false)
	})
	require.NoError(t, err)
	require.Zero(t, allocs)
}

// TestLiveAgreesWithKernel checks, under Wine, that the test's own UDP
// sockets appear the same in the fetched tables and in the Linux kernel's.
// Other sockets of the host may come and go between the two reads.
func TestLiveAgreesWithKernel(t *testing.T) {
	if _, wine := winapi.WineVersion(); !wine {
		t.Skip("not under Wine: there is no Linux kernel table to compare with")
	}
	own := map[netip.AddrPort]bool{udpSocket(t): true, udpSocket4(t): true}
	for _, side := range []struct {
		family netmib.Family
		proc   string
	}{{netmib.IPv4, `Z:\proc\net\udp`}, {netmib.IPv6, `Z:\proc\net\udp6`}} {
		b, err := udpmib.AppendFetch(nil, side.family, udpmib.OwnerPID, false)
		require.NoError(t, err)
		text, err := os.ReadFile(side.proc)
		require.NoError(t, err)
		tab, err := udpmib.ParseTable(b, side.family, udpmib.OwnerPID)
		require.NoError(t, err)
		socks, err := procnet.Parse(text, binary.LittleEndian)
		require.NoError(t, err)

		var fetched, kernel []netip.AddrPort
		for _, r := range tab.All() {
			if own[r.Local()] {
				fetched = append(fetched, r.Local())
			}
		}
		for _, s := range socks {
			if own[s.Local] {
				kernel = append(kernel, s.Local)
			}
		}
		require.Len(t, kernel, 1, "%s lists the test's socket", side.proc)
		require.Equal(t, kernel, fetched, "%s", side.proc)
		t.Logf("%s: %v in both, of %d and %d endpoints", side.proc, kernel, len(socks), tab.Len())
	}
}
