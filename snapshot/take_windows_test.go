package snapshot_test

import (
	"bytes"
	"errors"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/winapi"
	"github.com/netmib/netmib/ipconfig"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
)

var testStart = time.Now()

// pair opens a loopback listener of network and a connection to it, and
// returns the listener's and both ends' endpoints.
func pair(t *testing.T, network, address string) (listener, client, server netip.AddrPort) {
	ln, err := net.Listen(network, address)
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial(network, ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	s := <-accepted
	require.NotNil(t, s)
	t.Cleanup(func() { s.Close() })
	ap := func(a net.Addr) netip.AddrPort { return a.(*net.TCPAddr).AddrPort() }
	return ap(ln.Addr()), ap(c.LocalAddr()), ap(s.LocalAddr())
}

func TestLiveTake(t *testing.T) {
	l6, c6, s6 := pair(t, "tcp6", "[::1]:0")
	l4, c4, s4 := pair(t, "tcp4", "127.0.0.1:0")
	snap, err := snapshot.Take(snapshot.Options{})
	require.NoError(t, err)
	require.Len(t, snap.Tables, 4)
	require.WithinDuration(t, time.Now(), snap.Taken, time.Minute)
	require.NotEmpty(t, snap.Host.Name)
	require.NotZero(t, snap.Host.Windows.Major)
	version, wine := winapi.WineVersion()
	require.Equal(t, version, snap.Host.Wine)
	t.Logf("host %q, Windows %v, Wine %q: %d processes, %d services, %d modules",
		snap.Host.Name, snap.Host.Windows, snap.Host.Wine, len(snap.Processes), len(snap.Services), len(snap.Modules))

	type ends struct{ local, remote netip.AddrPort }
	found := map[ends]netmib.Socket{}
	for sock := range snap.Sockets() {
		if sock.Proto != netmib.TCP {
			continue
		}
		for _, want := range []ends{{l6, netip.AddrPort{}}, {c6, s6}, {s6, c6}, {l4, netip.AddrPort{}}, {c4, s4}, {s4, c4}} {
			if sock.Local == want.local && (sock.Remote == want.remote || (!want.remote.IsValid() && sock.State == state.Listen)) {
				found[want] = sock
			}
		}
	}
	require.Len(t, found, 6, "both families' listener and both ends of each connection")
	require.Equal(t, state.Listen, found[ends{l6, netip.AddrPort{}}].State)
	require.Equal(t, state.Established, found[ends{c4, s4}].State)
	if major, _ := strconv.Atoi(strings.SplitN(version, ".", 2)[0]); !wine || major >= 10 {
		// Windows and Wine 10 fill the PID of every row of this process.
		for e, sock := range found {
			require.Equal(t, uint32(os.Getpid()), sock.PID, "%v -> %v", e.local, e.remote)
		}
	}

	// This process, from its PID: the image is this test binary, created
	// before the test began.
	exe, err := os.Executable()
	require.NoError(t, err)
	me := snap.Process(uint32(os.Getpid()))
	if me == nil {
		var pids []uint32
		for _, s := range found {
			pids = append(pids, s.PID)
		}
		require.True(t, wine, "on Windows every row of this process carries its PID")
		require.Fail(t, "not found", "Wine %s puts PIDs %v in this process's rows, not %d: it cannot be resolved", version, pids, os.Getpid())
	} else {
		require.Empty(t, me.Error)
		require.True(t, strings.EqualFold(exe, me.Image) || strings.EqualFold(base(exe), me.Name()), "%q is not %q", me.Image, exe)
		require.True(t, me.Created().Before(testStart.Add(time.Second)) && me.Created().After(testStart.Add(-10*time.Minute)),
			"created %v, the test began %v", me.Created(), testStart)
	}

	// The IP configuration: the four tables, each held or its failure
	// recorded; a loopback interface with 127.0.0.1 on it.
	require.Len(t, snap.Network, 4)
	for _, nt := range snap.Network {
		require.True(t, (nt.Err == "") != (nt.Data == nil), "%v: data or an error, not both: %q", nt.Kind, nt.Err)
		t.Logf("%v: %d bytes %s", nt.Kind, len(nt.Data), nt.Err)
	}
	var lo uint32
	for _, v := range snap.Interfaces() {
		if v.Type == ipconfig.IfTypeSoftwareLoopback {
			lo = v.Index
		}
	}
	require.NotZero(t, lo)
	var loopbackAddr bool
	for _, a := range snap.Addresses() {
		loopbackAddr = loopbackAddr || (a.InterfaceIndex == lo && a.Address.Addr == netip.MustParseAddr("127.0.0.1"))
	}
	require.True(t, loopbackAddr, "127.0.0.1 on interface %d", lo)

	// The file round-trips byte for byte.
	var first, second bytes.Buffer
	require.NoError(t, snapshot.Write(&first, snap))
	back, err := snapshot.Read(bytes.NewReader(first.Bytes()))
	require.NoError(t, err)
	require.NoError(t, snapshot.Write(&second, back))
	require.Equal(t, first.String(), second.String())
}

// TestLiveTakeTable2 takes the TABLE2 tables of both families, whose rows
// carry the offload state, and finds this test's listeners there.
func TestLiveTakeTable2(t *testing.T) {
	l6, _, _ := pair(t, "tcp6", "[::1]:0")
	l4, _, _ := pair(t, "tcp4", "127.0.0.1:0")
	snap, err := snapshot.Take(snapshot.Options{SkipOwners: true, Tables: []snapshot.TableSpec{
		{Proto: netmib.TCP, Family: netmib.IPv6, Func: snapshot.Table2},
		{Proto: netmib.TCP, Family: netmib.IPv4, Func: snapshot.Table2, Sorted: true},
	}})
	require.NoError(t, err)
	require.Equal(t, "GetTcp6Table2", snap.Tables[0].FuncName())
	found := 0
	for sock := range snap.Sockets() {
		require.True(t, sock.Has(netmib.FieldOffloadState|netmib.FieldPID))
		if (sock.Local == l6 || sock.Local == l4) && sock.State == state.Listen {
			found++
			t.Logf("%v: offload state %v, PID %d", sock.Local, sock.OffloadState, sock.PID)
		}
	}
	require.Equal(t, 2, found)
}

// TestLiveServiceName asks I_QueryTagInformation about a tag no service
// of this process has. Wine implements it as a stub that aborts the
// process, so the seam does not call it there.
func TestLiveServiceName(t *testing.T) {
	name, err := winapi.ServiceName(uint32(os.Getpid()), 0x7fff)
	require.Error(t, err, "no service of this process has that tag: %q", name)
	if _, wine := winapi.WineVersion(); wine {
		require.ErrorIs(t, err, errors.ErrUnsupported)
	}
	t.Logf("I_QueryTagInformation: %v", err)
}

func base(p string) string { return p[strings.LastIndexAny(p, `\/`)+1:] }
