package tcpmib_test

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"unsafe"

	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// Mirror structs of the other rows, for the unsafe baselines; see mirrorRow.
type (
	mirrorTCPRow struct {
		State, LocalAddr, LocalPort, RemoteAddr, RemotePort uint32
	}
	mirrorTCPRowPID struct {
		mirrorTCPRow
		PID uint32
	}
	mirrorTCPRowModule struct {
		mirrorTCPRowPID
		CreateTimestamp int64
		ModuleInfo      [16]uint64
	}
	mirrorTCP6Row struct {
		State                   uint32
		LocalAddr               [16]byte
		LocalScope, LocalPort   uint32
		RemoteAddr              [16]byte
		RemoteScope, RemotePort uint32
	}
	mirrorTCP6RowPID struct {
		LocalAddr               [16]byte
		LocalScope, LocalPort   uint32
		RemoteAddr              [16]byte
		RemoteScope, RemotePort uint32
		State, PID              uint32
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

// v4 turns a dwAddr read as a little-endian uint32 back into its bytes.
func v4(dw uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(dw), byte(dw >> 8), byte(dw >> 16), byte(dw >> 24)})
}

func benchEntries(v6 bool) []tcpmib.Entry {
	entries := make([]tcpmib.Entry, benchRows)
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
		entries[i] = tcpmib.Entry{
			Local: netip.AddrPortFrom(a, uint16(i)), Remote: netip.AddrPortFrom(a.Next(), 443),
			State: state.State(i%12 + 1), PID: uint32(i), CreateTimestamp: 134_000_000_000_000_000 + int64(i)*1_000_000,
			ModuleInfo: [16]uint64{uint64(i % 200)},
		}
		if v6 {
			entries[i].LocalScopeID = uint32(i % 7)
		}
	}
	return entries
}

// BenchmarkAllLayouts is BenchmarkAll for every layout: iterate a table of
// 65,536 rows and read every member, against an unsafe baseline that casts
// the rows to a mirror struct and builds the same values.
func BenchmarkAllLayouts(b *testing.B) {
	for _, l := range tcpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchEntries(l.Family() == tcpmib.IPv6))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(l.String()+"/netmib", func(b *testing.B) {
			b.ReportAllocs()
			var s sum // outside the loop: the baseline's escapes through a func value
			for b.Loop() {
				s = sum{}
				netmibSum(l, buf, &s)
				sinkSum = s
			}
			perRow(b)
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
			perRow(b)
		})
	}
}

// TestBaselinesAgree makes sure each benchmark pair does the same work: the
// view and the unsafe baseline fold the same values into the same sum.
func TestBaselinesAgree(t *testing.T) {
	skipUnlessLittleEndian64(t)
	for _, l := range tcpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchEntries(l.Family() == tcpmib.IPv6)[:1000])
		if err != nil {
			t.Fatal(err)
		}
		var got, want sum
		netmibSum(l, buf, &got)
		baselines[l](buf, &want)
		if got != want || got.u == 0 {
			t.Errorf("%v: view sum %+v, baseline sum %+v", l, got, want)
		}
	}
}

// netmibSum is the measured loop: Parse, All, and every accessor.
func netmibSum(l tcpmib.Layout, buf []byte, s *sum) {
	tab, _ := l.Parse(buf)
	for _, r := range tab.All() {
		mod := r.ModuleInfo()
		s.add(r.Local(), r.Remote(), r.LocalScopeID(), r.RemoteScopeID(), r.State(), r.PID(), r.CreateTimestamp(), r.Created(), &mod, r.ServiceTag())
	}
}

var zeroMod [16]uint64

// baselines are the unsafe loops, one per layout.
var baselines = map[tcpmib.Layout]func(buf []byte, s *sum){
	tcpmib.IPv4Basic: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRow](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), 0, 0, mib.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv4OwnerPID: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRowPID](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), m.PID, 0, mib.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv4OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRowModule](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := m.ModuleInfo
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), m.PID, m.CreateTimestamp, mib.Time(m.CreateTimestamp), &mod, uint32(m.ModuleInfo[0]))
		}
	},
	tcpmib.IPv6Basic: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCP6Row](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScope, m.RemoteScope, state.State(m.State), 0, 0, mib.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv6OwnerPID: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCP6RowPID](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScope, m.RemoteScope, state.State(m.State), m.PID, 0, mib.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv6OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorRow](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := m.ModuleInfo
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScopeID, m.RemoteScopeID, state.State(m.State), m.PID, m.CreateTimestamp, mib.Time(m.CreateTimestamp), &mod, uint32(m.ModuleInfo[0]))
		}
	},
}
