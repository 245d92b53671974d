package tcpmib_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/procnet"
	"github.com/netmib/netmib/internal/winapi"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// loopbackPair opens a loopback listener of network ("tcp4" or "tcp6")
// and a connection to it, and returns the three endpoints: the listener,
// the client end and the server end of the connection.
func loopbackPair(t *testing.T, network string) (listener, client, server netip.AddrPort) {
	t.Helper()
	addr := "[::1]:0"
	if network == "tcp4" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen(network, addr)
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
		close(accepted)
	}()
	c, err := net.Dial(network, ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	s, ok := <-accepted
	require.True(t, ok, "accept failed")
	t.Cleanup(func() { s.Close() })
	ap := func(a net.Addr) netip.AddrPort { return a.(*net.TCPAddr).AddrPort() }
	return ap(ln.Addr()), ap(c.LocalAddr()), ap(s.LocalAddr())
}

// wineMajor returns the major version of the Wine the test runs under, or
// 0 on Windows.
func wineMajor() int {
	version, wine := winapi.WineVersion()
	if !wine {
		return 0
	}
	major, _ := strconv.Atoi(strings.SplitN(version, ".", 2)[0])
	return major
}

// wantPID returns the PID the rows of this process should carry, and
// whether every row must carry it. Windows and Wine 10 fill dwOwningPid;
// Wine before 10 leaves it 0 in every IPv6 row and in some IPv4 ones
// (docs/wire.md §7.2), so there a row may also carry 0.
func wantPID(t *testing.T) (pid uint32, exact bool) {
	if major := wineMajor(); major != 0 && major < 10 {
		t.Logf("Wine %d: dwOwningPid may be 0 (Wine < 10 fills it only for some IPv4 sockets); accepting 0 or this PID", major)
		return uint32(os.Getpid()), false
	}
	return uint32(os.Getpid()), true
}

// findRow returns the row with the given endpoints, or with local alone
// and state LISTEN when remote is the zero AddrPort: a listener and the
// connections it accepted share their local address and port.
func findRow(tab tcpmib.Table, local, remote netip.AddrPort) (tcpmib.Row, bool) {
	for _, r := range tab.All() {
		if r.Local() != local {
			continue
		}
		if (remote.IsValid() && r.Remote() == remote) || (!remote.IsValid() && r.State() == state.Listen) {
			return r, true
		}
	}
	return tcpmib.Row{}, false
}

// liveTables fetches every table of family f that carries PIDs, sorted
// and not: the OWNER_PID and OWNER_MODULE classes of GetExtendedTcpTable,
// and GetTcpTable2 or GetTcp6Table2.
func liveTables(t *testing.T, f netmib.Family) map[string]tcpmib.Table {
	t.Helper()
	out := map[string]tcpmib.Table{}
	for _, sorted := range []bool{false, true} {
		for _, c := range []tcpmib.Class{tcpmib.OwnerPIDAll, tcpmib.OwnerModuleAll} {
			b, err := tcpmib.AppendFetch(nil, f, c, sorted)
			require.NoError(t, err)
			tab, err := tcpmib.ParseTable(b, f, c)
			require.NoError(t, err)
			out[fmt.Sprintf("%v sorted=%v", tab.Layout(), sorted)] = tab
		}
		b, err := tcpmib.AppendFetchTable2(nil, f, sorted)
		require.NoError(t, err)
		l, err := tcpmib.Table2LayoutOf(f)
		require.NoError(t, err)
		tab, err := l.Parse(b)
		require.NoError(t, err)
		out[fmt.Sprintf("%v sorted=%v", l, sorted)] = tab
	}
	return out
}

// TestLiveFetchFindsOwnSockets finds this test's listener and both ends of
// its connection, over IPv6 and IPv4, in every table that carries PIDs:
// the OWNER_PID and OWNER_MODULE tables and the TABLE2 ones, sorted and
// not. Every row carries this process's PID (on Windows and Wine 10), and
// a TABLE2 row says the same as the OWNER_MODULE row of the same socket,
// with an offload state besides.
func TestLiveFetchFindsOwnSockets(t *testing.T) {
	for _, network := range []string{"tcp6", "tcp4"} {
		t.Run(network, func(t *testing.T) {
			f := netmib.IPv6
			if network == "tcp4" {
				f = netmib.IPv4
			}
			listener, client, server := loopbackPair(t, network)
			pid, exact := wantPID(t)
			sockets := []struct {
				what          string
				local, remote netip.AddrPort // remote zero: the listener
				state         state.State
			}{
				{"listener", listener, netip.AddrPort{}, state.Listen},
				{"client", client, server, state.Established},
				{"server", server, client, state.Established},
			}
			tables := liveTables(t, f)
			module := tables[fmt.Sprintf("%v sorted=false", map[netmib.Family]tcpmib.Layout{netmib.IPv4: tcpmib.IPv4OwnerModule, netmib.IPv6: tcpmib.IPv6OwnerModule}[f])]
			for name, tab := range tables {
				t.Logf("%s: %d rows", name, tab.Len())
				for _, sock := range sockets {
					r, ok := findRow(tab, sock.local, sock.remote)
					require.True(t, ok, "%s: %s %v -> %v", name, sock.what, sock.local, sock.remote)
					require.Equal(t, sock.state, r.State(), "%s: %s", name, sock.what)
					if exact || r.PID() != 0 {
						require.Equal(t, pid, r.PID(), "%s: %s", name, sock.what)
					}
					m, ok := findRow(module, sock.local, sock.remote)
					require.True(t, ok)
					e, want := r.Socket(), m.Socket()
					require.Equal(t, tab.Layout() == tcpmib.IPv4Table2 || tab.Layout() == tcpmib.IPv6Table2, e.Has(netmib.FieldOffloadState), "%s: only TABLE2 rows have an offload state", name)
					// The rows agree on every member both layouts have.
					want.CreateTimestamp, want.ModuleInfo, want.OffloadState, want.Known = e.CreateTimestamp, e.ModuleInfo, e.OffloadState, e.Known
					if !e.Has(netmib.FieldPID) {
						want.PID = 0
					}
					require.Equal(t, want, e, "%s: %s agrees with the OWNER_MODULE row", name, sock.what)
				}
				if strings.HasSuffix(name, "sorted=true") {
					// bOrder sorts by local address and port, then remote.
					var prev []byte
					for _, r := range tab.All() {
						key := sortKey(r)
						require.LessOrEqual(t, string(prev), string(key), "%s: rows are sorted", name)
						prev = key
					}
				}
			}
		})
	}
}

func TestLiveFetchSmallAndReusedBuffer(t *testing.T) {
	listener, _, _ := loopbackPair(t, "tcp6")

	// Starting far too small makes AppendFetch grow the buffer.
	b, err := tcpmib.AppendFetch(make([]byte, 0, 8), netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.NoError(t, err)
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	_, ok := findRow(tab, listener, netip.AddrPort{})
	require.True(t, ok)

	// A reused buffer with room is filled in place.
	buf := make([]byte, 0, 2*len(b)+1<<16)
	b1, err := tcpmib.AppendFetch(buf, netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.NoError(t, err)
	b2, err := tcpmib.AppendFetch(b1[:0], netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.NoError(t, err)
	require.Same(t, &buf[:1][0], &b2[0])
	allocs := testing.AllocsPerRun(10, func() {
		b2, err = tcpmib.AppendFetch(b2[:0], netmib.IPv6, tcpmib.OwnerModuleAll, false)
	})
	require.NoError(t, err)
	require.Zero(t, allocs, "polling with a reused buffer makes no garbage")

	// A prefix is kept.
	b3, err := tcpmib.AppendFetch([]byte("hdr"), netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.NoError(t, err)
	require.Equal(t, "hdr", string(b3[:3]))
	_, err = tcpmib.Parse(b3[3:])
	require.NoError(t, err)
}

func TestLiveFetchErrors(t *testing.T) {
	const errorInvalidParameter = syscall.Errno(87) // ERROR_INVALID_PARAMETER
	_, wine := winapi.WineVersion()
	for _, call := range []struct {
		f netmib.Family
		c tcpmib.Class
	}{{99, tcpmib.OwnerModuleAll}, {netmib.IPv6, 42}} {
		_, err := tcpmib.AppendFetch(nil, call.f, call.c, false)
		var errno syscall.Errno
		require.ErrorAs(t, err, &errno, "the Windows error code is wrapped: %v", err)
		require.Contains(t, err.Error(), fmt.Sprintf("tcpmib: GetExtendedTcpTable(af %d, class %d): ", call.f, call.c))
		if wine {
			t.Logf("Wine answers %v with %d (%v)", call, uint32(errno), err)
		} else {
			require.ErrorIs(t, err, errorInvalidParameter)
		}
	}
}

func TestLiveFetch(t *testing.T) {
	b, err := tcpmib.AppendFetch(nil, netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.NoError(t, err)
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	require.Equal(t, tcpmib.IPv6OwnerModule, tab.Layout())
	require.NoError(t, tcpmib.IPv6OwnerModule.Check(b), "what Windows writes passes the strict check")
}

// fetchIPv6 returns the live MIB_TCP6TABLE_OWNER_MODULE.
func fetchIPv6(t *testing.T) tcpmib.Table {
	b, err := tcpmib.AppendFetch(nil, netmib.IPv6, tcpmib.OwnerModuleAll, false)
	require.NoError(t, err)
	tab, err := tcpmib.Parse(b)
	require.NoError(t, err)
	return tab
}

// TestLiveAgreesWithKernel checks the fetched rows of this test's sockets,
// in every table that carries PIDs, against Linux's own tables, which a
// Wine process can read through Z:.
func TestLiveAgreesWithKernel(t *testing.T) {
	if _, wine := winapi.WineVersion(); !wine {
		t.Skip("not under Wine: there is no Linux kernel table to compare with")
	}
	for _, network := range []string{"tcp6", "tcp4"} {
		t.Run(network, func(t *testing.T) {
			f, proc, any := netmib.IPv6, `Z:\proc\net\tcp6`, netip.MustParseAddrPort("[::]:0")
			if network == "tcp4" {
				f, proc, any = netmib.IPv4, `Z:\proc\net\tcp`, netip.MustParseAddrPort("0.0.0.0:0")
			}
			listener, client, server := loopbackPair(t, network)
			tables := liveTables(t, f)
			text, err := os.ReadFile(proc)
			require.NoError(t, err)
			socks, err := procnet.Parse(text, binary.LittleEndian) // Wine runs on little-endian hosts
			require.NoError(t, err)

			// The listener and the server end share their local address
			// and port; a socket is its pair of endpoints.
			type key struct{ local, remote netip.AddrPort }
			want := map[key]bool{{listener, any}: true, {client, server}: true, {server, client}: true}
			for name, tab := range tables {
				found := 0
				for _, k := range socks {
					if !want[key{k.Local, k.Remote}] || k.State == 0x06 { // skip TIME_WAIT leftovers of earlier runs
						continue
					}
					found++
					remote := k.Remote
					if k.State == 0x0a {
						remote = netip.AddrPort{} // a listener's remote members mean nothing
					}
					r, ok := findRow(tab, k.Local, remote)
					require.True(t, ok, "%s: %v -> %v", name, k.Local, k.Remote)
					require.Equal(t, k.Local, r.Local())
					require.Equal(t, k.Remote, r.Remote())
					require.Equal(t, state.FromLinux(k.State), r.State(), "%s: state of %v -> %v", name, k.Local, k.Remote)
				}
				require.Equal(t, 3, found, "the kernel lists the listener and both ends: %v", socks)
			}
		})
	}
}

func TestLiveLookupModule(t *testing.T) {
	listener, _, _ := loopbackPair(t, "tcp6")
	tab := fetchIPv6(t)
	r, ok := findRow(tab, listener, netip.AddrPort{})
	require.True(t, ok)
	e := r.Socket()
	if e.PID == 0 {
		e.PID = uint32(os.Getpid()) // Wine < 10 leaves it 0; ask about this process
	}
	owner, err := tcpmib.LookupModule(&e)
	if version, wine := winapi.WineVersion(); wine {
		t.Logf("Wine %s exports no GetOwnerModuleFromPidAndInfo", version)
		require.ErrorIs(t, err, errors.ErrUnsupported)
		return
	}
	require.NoError(t, err)
	exe, _ := os.Executable()
	require.True(t, strings.EqualFold(owner.Name, exeBase(exe)), "%q vs %q", owner.Name, exe)
}

func exeBase(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// TestIphlpapiFromSystem32 checks that the DLLs the seam loads,
// iphlpapi.dll and sechost.dll, come from the system directory and from
// nowhere else: it runs this test again from a directory that holds decoys
// of both (copies of another system DLL, spelled IPHLPAPI.DLL and
// SECHOST.DLL) beside the program and as the working directory, the two
// places a careless LoadLibrary would look first, and the child checks
// which files it got.
func TestIphlpapiFromSystem32(t *testing.T) {
	if os.Getenv("NETMIB_DECOY_CHILD") == "1" {
		checkLoadedFromSystem32(t)
		return
	}
	dir, err := os.MkdirTemp("", "netmib-decoy")
	require.NoError(t, err)
	exe, err := os.Executable()
	require.NoError(t, err)
	child := filepath.Join(dir, "child.exe")
	decoys := []string{filepath.Join(dir, "IPHLPAPI.DLL"), filepath.Join(dir, "SECHOST.DLL")}
	if _, wine := winapi.WineVersion(); wine {
		// Wine's own loader takes sechost.dll, which its advapi32 imports,
		// from the program's directory when one is there (docs/wire.md
		// §7.3), and the seam does not call sechost under Wine: only
		// iphlpapi.dll can be checked.
		decoys = decoys[:1]
	}
	t.Cleanup(func() { // file by file: Wine 8 cannot RemoveAll a directory
		os.Remove(child)
		for _, d := range decoys {
			os.Remove(d)
		}
		os.Remove(dir)
	})
	copyFile(t, exe, child)
	for _, d := range decoys {
		copyFile(t, filepath.Join(systemDirectory(t), "version.dll"), d)
	}

	cmd := exec.Command(child, "-test.run=^TestIphlpapiFromSystem32$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NETMIB_DECOY_CHILD=1")
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	require.NoError(t, err, "the child, with decoys beside it, must load its DLLs from System32")
	require.Contains(t, string(out), "--- PASS: TestIphlpapiFromSystem32")
}

func checkLoadedFromSystem32(t *testing.T) {
	_, err := tcpmib.AppendFetch(nil, netmib.IPv6, tcpmib.OwnerModuleAll, false) // loads iphlpapi.dll
	require.NoError(t, err)
	_, err = winapi.ServiceName(uint32(os.Getpid()), 1) // loads sechost.dll, but under Wine
	t.Logf("ServiceName: %v", err)
	kernel32 := syscall.NewLazyDLL("kernel32.dll")
	getModuleHandle := kernel32.NewProc("GetModuleHandleW")
	getModuleFileName := kernel32.NewProc("GetModuleFileNameW")
	dir := systemDirectory(t)
	for _, dll := range []string{"iphlpapi.dll", "sechost.dll"} {
		name, _ := syscall.UTF16PtrFromString(dll)
		h, _, _ := getModuleHandle.Call(uintptr(unsafe.Pointer(name)))
		if _, wine := winapi.WineVersion(); h == 0 && wine && dll == "sechost.dll" {
			t.Logf("%s is not loaded: under Wine the seam does not call it", dll)
			continue
		}
		require.NotZero(t, h, "%s is loaded", dll)
		var path [1024]uint16
		n, _, _ := getModuleFileName.Call(h, uintptr(unsafe.Pointer(&path[0])), uintptr(len(path)))
		require.NotZero(t, n)
		file := syscall.UTF16ToString(path[:n])
		t.Logf("%s loaded from %s", dll, file)
		require.True(t, strings.EqualFold(file, dir+`\`+dll), "%s is not in %s", file, dir)
	}
}

func systemDirectory(t *testing.T) string {
	getSystemDirectory := syscall.NewLazyDLL("kernel32.dll").NewProc("GetSystemDirectoryW")
	var sys [1024]uint16
	m, _, _ := getSystemDirectory.Call(uintptr(unsafe.Pointer(&sys[0])), uintptr(len(sys)))
	require.NotZero(t, m)
	return syscall.UTF16ToString(sys[:m])
}

func copyFile(t *testing.T, from, to string) {
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.Create(to)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}
