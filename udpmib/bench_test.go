package udpmib_test

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/udpmib"
)

const benchRows = 65536

// Mirror structs of the rows, for the unsafe baselines: how other Go
// libraries read these tables, by casting the buffer. Go's natural alignment
// reproduces the holes of the OWNER_MODULE rows on 64-bit hosts.
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
		ModuleInfo                [16]uint64
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
		ModuleInfo                 [16]uint64
	}
)

func mirror[T any](b []byte, header int) []T {
	n := binary.LittleEndian.Uint32(b)
	var zero T
	if uint64(len(b)-header)/uint64(unsafe.Sizeof(zero)) < uint64(n) {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[header])), n)
}

func ntohs(dw uint32) uint16 { return bits.ReverseBytes16(uint16(dw)) }

func v4(dw uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(dw), byte(dw >> 8), byte(dw >> 16), byte(dw >> 24)})
}

func skipUnlessLittleEndian64(tb testing.TB) {
	if unsafe.Sizeof(uintptr(0)) != 8 || binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		tb.Skip("the unsafe baseline reads the buffer correctly only on 64-bit little-endian hosts")
	}
}

// sum folds every member of a row into one value, so that no read can be
// optimised away; the view and the baseline fold the same values.
type sum struct {
	u uint64
	t time.Time
}

func (s *sum) add(local netip.AddrPort, scope, pid uint32, ts int64, created time.Time, flags uint32, mod *[16]uint64, tag uint32) {
	a := local.Addr().As16()
	s.u += binary.LittleEndian.Uint64(a[8:]) ^ binary.LittleEndian.Uint64(a[:8])
	s.u += uint64(local.Port()) + uint64(scope) + uint64(pid) + uint64(ts) + uint64(flags&1) + uint64(tag) + mod[15]
	if created.After(s.t) {
		s.t = created
	}
}

var sinkSum sum

func netmibSum(l udpmib.Layout, buf []byte, s *sum) {
	tab, _ := l.Parse(buf)
	for _, r := range tab.All() {
		mod := r.ModuleInfo()
		s.add(r.Local(), r.LocalScopeID(), r.PID(), r.CreateTimestamp(), r.Created(), r.Flags(), &mod, r.ServiceTag())
	}
}

var zeroMod [16]uint64

var baselines = map[udpmib.Layout]func(buf []byte, s *sum){
	udpmib.IPv4Basic: func(buf []byte, s *sum) {
		for _, m := range mirror[mirrorUDPRow](buf, 4) {
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), 0, 0, 0, mib.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv4OwnerPID: func(buf []byte, s *sum) {
		for _, m := range mirror[mirrorUDPRowPID](buf, 4) {
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), 0, m.PID, 0, mib.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv4OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorUDPRowModule](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := m.ModuleInfo
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), 0, m.PID, m.CreateTimestamp, mib.Time(m.CreateTimestamp), m.Flags, &mod, uint32(m.ModuleInfo[0]))
		}
	},
	udpmib.IPv6Basic: func(buf []byte, s *sum) {
		for _, m := range mirror[mirrorUDP6Row](buf, 4) {
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), m.LocalScope, 0, 0, mib.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv6OwnerPID: func(buf []byte, s *sum) {
		for _, m := range mirror[mirrorUDP6RowPID](buf, 4) {
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), m.LocalScope, m.PID, 0, mib.Time(0), 0, &zeroMod, 0)
		}
	},
	udpmib.IPv6OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorUDP6RowModule](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := m.ModuleInfo
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), m.LocalScope, m.PID, m.CreateTimestamp, mib.Time(m.CreateTimestamp), m.Flags, &mod, uint32(m.ModuleInfo[0]))
		}
	},
}

func benchEntries(v6 bool, n int) []udpmib.Entry {
	entries := make([]udpmib.Entry, n)
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
		entries[i] = udpmib.Entry{
			Local: netip.AddrPortFrom(a, uint16(i)), PID: uint32(i), Flags: uint32(i & 1),
			CreateTimestamp: 134_000_000_000_000_000 + int64(i)*1_000_000, ModuleInfo: [16]uint64{uint64(i % 200)},
		}
		if v6 {
			entries[i].LocalScopeID = uint32(i % 7)
		}
	}
	return entries
}

func TestBaselinesAgree(t *testing.T) {
	skipUnlessLittleEndian64(t)
	for _, l := range udpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchEntries(l.Family() == udpmib.IPv6, 1000))
		require.NoError(t, err)
		var got, want sum
		netmibSum(l, buf, &got)
		baselines[l](buf, &want)
		require.Equal(t, want, got, "%v", l)
		require.NotZero(t, got.u)
	}
}

// BenchmarkAllLayouts iterates a table of 65,536 rows of each layout and
// reads every member, against the unsafe baseline.
func BenchmarkAllLayouts(b *testing.B) {
	for _, l := range udpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchEntries(l.Family() == udpmib.IPv6, benchRows))
		require.NoError(b, err)
		b.Run(l.String()+"/netmib", func(b *testing.B) {
			b.ReportAllocs()
			var s sum // outside the loop: the baseline's escapes through a func value
			for b.Loop() {
				s = sum{}
				netmibSum(l, buf, &s)
				sinkSum = s
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
		})
		b.Run(l.String()+"/unsafe-baseline", func(b *testing.B) {
			skipUnlessLittleEndian64(b)
			b.ReportAllocs()
			var s sum // outside the loop: it escapes through the func value, once
			for b.Loop() {
				s = sum{}
				baselines[l](buf, &s)
				sinkSum = s
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
		})
	}
}
