package udpmib_test

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/udpmib"
)

// benchRows is the table size the performance goals are stated for.
const benchRows = 65536

// Mirror structs of the rows, for the unsafe baselines: how other Go
// libraries read these tables, by casting the buffer. Go's natural alignment
// reproduces the hole before liCreateTimestamp on 64-bit hosts; the one
// before OwningModuleInfo, kept as bytes, is written out.
type (
	mirrorUDPRow    struct{ LocalAddr, LocalPort uint32 }
	mirrorUDPRowPID struct {
		mirrorUDPRow
		PID uint32
	}
	mirrorUDPRowModule struct {
		LocalAddr, LocalPort, PID uint32
		CreateTimestamp           int64
		Flags                     uint32
		_                         uint32 // the hole before OwningModuleInfo
		ModuleInfo                [128]byte
	}
	mirrorUDP6Row struct {
		LocalAddr             [16]byte
		LocalScope, LocalPort uint32
	}
	mirrorUDP6RowPID struct {
		mirrorUDP6Row
		PID uint32
	}
	mirrorUDP6RowModule struct {
		LocalAddr                  [16]byte
		LocalScope, LocalPort, PID uint32
		CreateTimestamp            int64
		Flags                      uint32
		_                          uint32 // the hole before OwningModuleInfo
		ModuleInfo                 [128]byte
	}
)

// mirror casts the rows of b, whose first row is at header, to []T.
func mirror[T any](b []byte, header int) []T {
	n := binary.LittleEndian.Uint32(b)
	var zero T
	if uint64(len(b)-header)/uint64(unsafe.Sizeof(zero)) < uint64(n) {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[header])), n)
}

func ntohs(dw uint32) uint16 { return bits.ReverseBytes16(uint16(dw)) }

// v4 turns a dwAddr read as a little-endian uint32 back into its bytes.
func v4(dw uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(dw), byte(dw >> 8), byte(dw >> 16), byte(dw >> 24)})
}

// littleEndian64 reports whether the unsafe baselines can run: they read
// the buffer correctly only on 64-bit little-endian hosts.
var littleEndian64 = unsafe.Sizeof(uintptr(0)) == 8 && binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// sum folds every member of a row into one value, so that no read can be
// optimised away; the views and the baseline fold the same values.
type sum struct {
	u uint64
	t time.Time
}

func (s *sum) add(local netip.AddrPort, scope, pid uint32, ts int64, created time.Time, flags uint32, mod *netmib.ModuleInfo, tag uint32) {
	a := local.Addr().As16()
	s.u += binary.LittleEndian.Uint64(a[8:]) ^ binary.LittleEndian.Uint64(a[:8])
	s.u += uint64(local.Port()) + uint64(scope) + uint64(pid) + uint64(ts) + uint64(flags&1) + uint64(tag) + mod.Uint64(15)
	if created.After(s.t) {
		s.t = created
	}
}

var (
	sinkSum sum
	zeroMod netmib.ModuleInfo
)

func perRow(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
}

// benchSockets returns n varied sockets of layout l: the members it lacks
// are zero.
func benchSockets(l udpmib.Layout, n int) []netmib.Socket {
	v6 := l.Family() == netmib.IPv6
	entries := make([]netmib.Socket, n)
	for i := range entries {
		var a netip.Addr
		if v6 {
			var b [16]byte
			b[0], b[1] = 0x20, 0x01
			binary.BigEndian.PutUint64(b[8:], uint64(i)*0x9e3779b97f4a7c15)
			a = netip.AddrFrom16(b)
		} else {
			a = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		}
		e := netmib.Socket{Local: netip.AddrPortFrom(a, uint16(i)), PID: uint32(i)}
		if v6 {
			e.LocalScopeID = uint32(i % 7)
		}
		switch l {
		case udpmib.IPv4Basic, udpmib.IPv6Basic:
			e.PID = 0
		case udpmib.IPv4OwnerModule, udpmib.IPv6OwnerModule:
			e.CreateTimestamp = 134_000_000_000_000_000 + int64(i)*1_000_000
			e.Flags = uint32(i & 1)
			binary.LittleEndian.PutUint32(e.ModuleInfo[:], uint32(i%200))
		}
		entries[i] = of(l, e)
	}
	return entries
}

// BenchmarkAllLayouts iterates a table of 65,536 rows of each layout with
// All and reads every member the layout has, against an unsafe baseline
// that casts the rows to a mirror struct and builds the same values. The
// "every-accessor" runs call every accessor, as code that does not know
// the layout does; members the layout lacks read as zero.
func BenchmarkAllLayouts(b *testing.B) {
	for _, l := range udpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchSockets(l, benchRows))
		require.NoError(b, err)
		run := func(name string, loop func(buf []byte, s *sum)) {
			b.Run("layout="+l.String()+"/impl="+name, func(b *testing.B) {
				b.ReportAllocs()
				var s sum // outside the loop: it escapes through the func value, once
				for b.Loop() {
					s = sum{}
					loop(buf, &s)
					sinkSum = s
				}
				perRow(b)
			})
		}
		run("netmib", netmibLoops[l])
		if l != udpmib.IPv6OwnerModule { // there, every accessor is every member
			run("netmib-every-accessor", func(buf []byte, s *sum) { everyAccessor(l, buf, s) })
		}
		if littleEndian64 {
			run("unsafe-baseline", baselines[l])
		}
	}
}

// BenchmarkAppendSockets decodes a MIB_UDP6TABLE_OWNER_MODULE of 65,536
// rows into a preallocated slice, against a cast that builds the same
// values.
func BenchmarkAppendSockets(b *testing.B) {
	buf, err := udpmib.IPv6OwnerModule.AppendTable(nil, benchSockets(udpmib.IPv6OwnerModule, benchRows))
	require.NoError(b, err)
	dst := make([]netmib.Socket, 0, benchRows)
	known := udpmib.IPv6OwnerModule.Fields()
	b.Run("impl=netmib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tab, _ := udpmib.IPv6OwnerModule.Parse(buf)
			dst = tab.AppendSockets(dst[:0])
		}
		perRow(b)
	})
	b.Run("impl=unsafe-baseline", func(b *testing.B) {
		if !littleEndian64 {
			b.Skip("the unsafe baseline needs a 64-bit little-endian host")
		}
		b.ReportAllocs()
		for b.Loop() {
			dst = dst[:0]
			rows := mirror[mirrorUDP6RowModule](buf, 8)
			for i := range rows {
				m := &rows[i]
				dst = append(dst, netmib.Socket{
					Proto: netmib.UDP, Family: netmib.IPv6, Known: known,
					Local:        netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)),
					LocalScopeID: m.LocalScope, PID: m.PID, CreateTimestamp: m.CreateTimestamp,
					Flags: m.Flags, ModuleInfo: m.ModuleInfo,
				})
			}
		}
		perRow(b)
	})
	runtime.KeepAlive(dst)
}

// TestBaselinesAgree makes sure each benchmark does the same work: the
// views and the unsafe baseline fold the same values into the same sum.
func TestBaselinesAgree(t *testing.T) {
	for _, l := range udpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchSockets(l, 1000))
		require.NoError(t, err)
		var got, every sum
		netmibLoops[l](buf, &got)
		everyAccessor(l, buf, &every)
		require.Equal(t, got, every, "%v", l)
		require.NotZero(t, got.u)
		if littleEndian64 {
			var want sum
			baselines[l](buf, &want)
			require.Equal(t, want, got, "%v", l)
		}
	}
}

// everyAccessor is the loop of a caller that does not know what the table
// holds beyond its layout: Parse, All, and every accessor.
func everyAccessor(l udpmib.Layout, buf []byte, s *sum) {
	tab, _ := l.Parse(buf)
	for _, r := range tab.All() {
		mod := r.ModuleInfo()
		s.add(r.Local(), r.LocalScopeID(), r.PID(), r.CreateTimestamp(), r.Created(), r.Flags(), &mod, r.ServiceTag())
	}
}

// netmibLoops are the measured loops, one per layout: Parse, All, and
// every member the layout has, as the baseline reads them.
var netmibLoops = map[udpmib.Layout]func(buf []byte, s *sum){
	udpmib.IPv4Basic: func(buf []byte, s *sum) {
		tab, _ := udpmib.IPv4Basic.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), 0, 0, 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv4OwnerPID: func(buf []byte, s *sum) {
		tab, _ := udpmib.IPv4OwnerPID.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), 0, r.PID(), 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv4OwnerModule: func(buf []byte, s *sum) {
		tab, _ := udpmib.IPv4OwnerModule.Parse(buf)
		for _, r := range tab.All() {
			mod := r.ModuleInfo()
			s.add(r.Local(), 0, r.PID(), r.CreateTimestamp(), r.Created(), r.Flags(), &mod, r.ServiceTag())
		}
	},
	udpmib.IPv6Basic: func(buf []byte, s *sum) {
		tab, _ := udpmib.IPv6Basic.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.LocalScopeID(), 0, 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv6OwnerPID: func(buf []byte, s *sum) {
		tab, _ := udpmib.IPv6OwnerPID.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.LocalScopeID(), r.PID(), 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv6OwnerModule: func(buf []byte, s *sum) {
		tab, _ := udpmib.IPv6OwnerModule.Parse(buf)
		for _, r := range tab.All() {
			mod := r.ModuleInfo()
			s.add(r.Local(), r.LocalScopeID(), r.PID(), r.CreateTimestamp(), r.Created(), r.Flags(), &mod, r.ServiceTag())
		}
	},
}

// baselines are the unsafe loops, one per layout.
var baselines = map[udpmib.Layout]func(buf []byte, s *sum){
	udpmib.IPv4Basic: func(buf []byte, s *sum) {
		for _, m := range mirror[mirrorUDPRow](buf, 4) {
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), 0, 0, 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv4OwnerPID: func(buf []byte, s *sum) {
		for _, m := range mirror[mirrorUDPRowPID](buf, 4) {
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), 0, m.PID, 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv4OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorUDPRowModule](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := netmib.ModuleInfo(m.ModuleInfo)
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), 0, m.PID, m.CreateTimestamp, filetime.Time(m.CreateTimestamp),
				m.Flags, &mod, binary.LittleEndian.Uint32(m.ModuleInfo[:]))
		}
	},
	udpmib.IPv6Basic: func(buf []byte, s *sum) {
		rows := mirror[mirrorUDP6Row](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), m.LocalScope, 0, 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv6OwnerPID: func(buf []byte, s *sum) {
		rows := mirror[mirrorUDP6RowPID](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), m.LocalScope, m.PID, 0, filetime.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv6OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorUDP6RowModule](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := netmib.ModuleInfo(m.ModuleInfo)
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), m.LocalScope, m.PID, m.CreateTimestamp, filetime.Time(m.CreateTimestamp),
				m.Flags, &mod, binary.LittleEndian.Uint32(m.ModuleInfo[:]))
		}
	},
}
