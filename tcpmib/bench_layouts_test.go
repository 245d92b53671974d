package tcpmib_test

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"unsafe"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/filetime"
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
		ModuleInfo      [128]byte
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
	mirrorTCPRow2 struct {
		mirrorTCPRowPID
		OffloadState uint32
	}
	mirrorTCP6Row2 struct {
		mirrorTCP6RowPID
		OffloadState uint32
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

// benchSockets returns benchRows varied sockets of layout l: the members
// it lacks are zero.
func benchSockets(l tcpmib.Layout) []netmib.Socket {
	v6 := l.Family() == netmib.IPv6
	socks := make([]netmib.Socket, benchRows)
	for i := range socks {
		var a netip.Addr
		if v6 {
			var b [16]byte
			b[0], b[1] = 0x20, 0x01
			binary.BigEndian.PutUint64(b[8:], uint64(i)*0x9e3779b97f4a7c15)
			a = netip.AddrFrom16(b)
		} else {
			a = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		}
		s := netmib.Socket{
			Local: netip.AddrPortFrom(a, uint16(i)), Remote: netip.AddrPortFrom(a.Next(), 443),
			State: state.State(i%12 + 1), PID: uint32(i), CreateTimestamp: 134_000_000_000_000_000 + int64(i)*1_000_000,
			ModuleInfo: moduleInfo(uint64(i % 200)), OffloadState: state.OffloadState(i % 4),
		}
		if v6 {
			s.LocalScopeID = uint32(i % 7)
		}
		k := l.Fields()
		if !k.Has(netmib.FieldPID) {
			s.PID = 0
		}
		if !k.Has(netmib.FieldCreateTimestamp) {
			s.CreateTimestamp, s.ModuleInfo = 0, netmib.ModuleInfo{}
		}
		if !k.Has(netmib.FieldOffloadState) {
			s.OffloadState = 0
		}
		socks[i] = of(l, s)
	}
	return socks
}

// BenchmarkAllLayouts iterates a table of 65,536 rows of each layout with
// All and reads every member the layout has, against an unsafe baseline
// that casts the rows to a mirror struct and builds the same values. The
// "every-accessor" runs call every accessor, as code that does not know
// the layout does; members the layout lacks read as zero.
func BenchmarkAllLayouts(b *testing.B) {
	for _, l := range tcpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchSockets(l))
		if err != nil {
			b.Fatal(err)
		}
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
		if l != tcpmib.IPv6OwnerModule { // there, every accessor is every member
			run("netmib-every-accessor", func(buf []byte, s *sum) { everyAccessor(l, buf, s) })
		}
		if littleEndian64 {
			run("unsafe-baseline", baselines[l])
		}
	}
}

// TestBaselinesAgree makes sure each benchmark does the same work: the
// views and the unsafe baseline fold the same values into the same sum.
func TestBaselinesAgree(t *testing.T) {
	for _, l := range tcpmib.Layouts() {
		buf, err := l.AppendTable(nil, benchSockets(l)[:1000])
		if err != nil {
			t.Fatal(err)
		}
		var got, every sum
		netmibLoops[l](buf, &got)
		everyAccessor(l, buf, &every)
		if got != every || got.u == 0 {
			t.Errorf("%v: view sum %+v, every-accessor sum %+v", l, got, every)
		}
		if littleEndian64 {
			var want sum
			baselines[l](buf, &want)
			if got != want {
				t.Errorf("%v: view sum %+v, baseline sum %+v", l, got, want)
			}
		}
	}
}

// everyAccessor is the loop of a caller that does not know what the table
// holds beyond its layout: Parse, All, and every accessor.
func everyAccessor(l tcpmib.Layout, buf []byte, s *sum) {
	tab, _ := l.Parse(buf)
	for _, r := range tab.All() {
		mod := r.ModuleInfo()
		s.add(r.Local(), r.Remote(), r.LocalScopeID(), r.RemoteScopeID(), r.State(), r.PID(), r.CreateTimestamp(), r.Created(), &mod, r.ServiceTag())
		s.addOffload(r.Fields().Has(netmib.FieldOffloadState), r.OffloadState())
	}
}

// netmibLoops are the measured loops, one per layout: Parse, All, and
// every member the layout has, as the baseline reads them.
var netmibLoops = map[tcpmib.Layout]func(buf []byte, s *sum){
	tcpmib.IPv4Basic: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv4Basic.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.Remote(), 0, 0, r.State(), 0, 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv4OwnerPID: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv4OwnerPID.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.Remote(), 0, 0, r.State(), r.PID(), 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv4OwnerModule: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv4OwnerModule.Parse(buf)
		for _, r := range tab.All() {
			mod := r.ModuleInfo()
			s.add(r.Local(), r.Remote(), 0, 0, r.State(), r.PID(), r.CreateTimestamp(), r.Created(), &mod, r.ServiceTag())
		}
	},
	tcpmib.IPv6Basic: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv6Basic.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.Remote(), r.LocalScopeID(), r.RemoteScopeID(), r.State(), 0, 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv6OwnerPID: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv6OwnerPID.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.Remote(), r.LocalScopeID(), r.RemoteScopeID(), r.State(), r.PID(), 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv6OwnerModule: func(buf []byte, s *sum) {
		tab, _ := tcpmib.Parse(buf)
		for _, r := range tab.All() {
			mod := r.ModuleInfo()
			s.add(r.Local(), r.Remote(), r.LocalScopeID(), r.RemoteScopeID(), r.State(), r.PID(), r.CreateTimestamp(), r.Created(), &mod, r.ServiceTag())
		}
	},
	tcpmib.IPv4Table2: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv4Table2.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.Remote(), 0, 0, r.State(), r.PID(), 0, filetime.Time(0), &zeroMod, 0)
			s.addOffload(r.Fields().Has(netmib.FieldOffloadState), r.OffloadState())
		}
	},
	tcpmib.IPv6Table2: func(buf []byte, s *sum) {
		tab, _ := tcpmib.IPv6Table2.Parse(buf)
		for _, r := range tab.All() {
			s.add(r.Local(), r.Remote(), r.LocalScopeID(), r.RemoteScopeID(), r.State(), r.PID(), 0, filetime.Time(0), &zeroMod, 0)
			s.addOffload(r.Fields().Has(netmib.FieldOffloadState), r.OffloadState())
		}
	},
}

var zeroMod netmib.ModuleInfo

// baselines are the unsafe loops, one per layout.
var baselines = map[tcpmib.Layout]func(buf []byte, s *sum){
	tcpmib.IPv4Basic: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRow](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), 0, 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv4OwnerPID: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRowPID](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), m.PID, 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv4OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRowModule](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := m.ModuleInfo
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), m.PID, m.CreateTimestamp, filetime.Time(m.CreateTimestamp), (*netmib.ModuleInfo)(&mod), binary.LittleEndian.Uint32(m.ModuleInfo[:]))
		}
	},
	tcpmib.IPv6Basic: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCP6Row](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScope, m.RemoteScope, state.State(m.State), 0, 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv6OwnerPID: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCP6RowPID](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScope, m.RemoteScope, state.State(m.State), m.PID, 0, filetime.Time(0), &zeroMod, 0)
		}
	},
	tcpmib.IPv6OwnerModule: func(buf []byte, s *sum) {
		rows := mirror[mirrorRow](buf, 8)
		for i := range rows {
			m := &rows[i]
			mod := m.ModuleInfo
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScopeID, m.RemoteScopeID, state.State(m.State), m.PID, m.CreateTimestamp, filetime.Time(m.CreateTimestamp), (*netmib.ModuleInfo)(&mod), binary.LittleEndian.Uint32(m.ModuleInfo[:]))
		}
	},
	tcpmib.IPv4Table2: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCPRow2](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(v4(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(v4(m.RemoteAddr), ntohs(m.RemotePort)),
				0, 0, state.State(m.State), m.PID, 0, filetime.Time(0), &zeroMod, 0)
			s.addOffload(true, state.OffloadState(m.OffloadState))
		}
	},
	tcpmib.IPv6Table2: func(buf []byte, s *sum) {
		rows := mirror[mirrorTCP6Row2](buf, 4)
		for i := range rows {
			m := &rows[i]
			s.add(netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)), netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
				m.LocalScope, m.RemoteScope, state.State(m.State), m.PID, 0, filetime.Time(0), &zeroMod, 0)
			s.addOffload(true, state.OffloadState(m.OffloadState))
		}
	},
}
