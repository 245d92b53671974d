package tcpmib_test

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
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// benchRows is the table size the performance goals are stated for.
const benchRows = 65536

// benchTable returns a MIB_TCP6TABLE_OWNER_MODULE of benchRows varied rows.
func benchTable(tb testing.TB) []byte {
	tb.Helper()
	return mustAppend(benchSockets(tcpmib.IPv6OwnerModule))
}

// mirrorRow is MIB_TCP6ROW_OWNER_MODULE as a Go struct: the baseline, which
// is how other Go libraries in this field read the table, by casting the
// buffer. It is only right on little-endian hosts with 8-aligned int64s.
type mirrorRow struct {
	LocalAddr       [16]byte
	LocalScopeID    uint32
	LocalPort       uint32
	RemoteAddr      [16]byte
	RemoteScopeID   uint32
	RemotePort      uint32
	State           uint32
	PID             uint32
	CreateTimestamp int64
	ModuleInfo      [128]byte
}

func ntohs(dw uint32) uint16 { return bits.ReverseBytes16(uint16(dw)) }

// ownerModule6Fields are the members of a MIB_TCP6ROW_OWNER_MODULE.
const ownerModule6Fields = netmib.FieldRemote | netmib.FieldState | netmib.FieldScopeIDs | netmib.FieldPID |
	netmib.FieldCreateTimestamp | netmib.FieldModuleInfo

func (m *mirrorRow) socket() netmib.Socket {
	return netmib.Socket{
		Proto: netmib.TCP, Family: netmib.IPv6, Known: ownerModule6Fields,
		Local:           netip.AddrPortFrom(netip.AddrFrom16(m.LocalAddr), ntohs(m.LocalPort)),
		Remote:          netip.AddrPortFrom(netip.AddrFrom16(m.RemoteAddr), ntohs(m.RemotePort)),
		LocalScopeID:    m.LocalScopeID,
		RemoteScopeID:   m.RemoteScopeID,
		State:           state.State(m.State),
		PID:             m.PID,
		CreateTimestamp: m.CreateTimestamp,
		ModuleInfo:      m.ModuleInfo,
	}
}

// littleEndian64 reports whether the unsafe baselines can run: they read
// the buffer correctly only on 64-bit little-endian hosts.
var littleEndian64 = unsafe.Sizeof(uintptr(0)) == 8 && binary.NativeEndian.Uint16([]byte{1, 0}) == 1

func skipUnlessLittleEndian64(tb testing.TB) {
	if !littleEndian64 {
		tb.Skip("the unsafe baseline reads the buffer correctly only on 64-bit little-endian hosts")
	}
}

// sum folds every field of a row into one number, so that none of the reads
// can be optimised away.
type sum struct {
	u uint64
	t time.Time
}

func (s *sum) add(local, remote netip.AddrPort, ls, rs uint32, st state.State, pid uint32, ts int64, created time.Time, mod *netmib.ModuleInfo, tag uint32) {
	l16, r16 := local.Addr().As16(), remote.Addr().As16()
	s.u += binary.LittleEndian.Uint64(l16[8:]) ^ binary.LittleEndian.Uint64(r16[:8]) ^ binary.LittleEndian.Uint64(r16[8:])
	s.u += uint64(local.Port()) + uint64(remote.Port()) + uint64(ls) + uint64(rs) + uint64(st) + uint64(pid) + uint64(ts) + uint64(tag) + mod.Uint64(15)
	if created.After(s.t) {
		s.t = created
	}
}

// addOffload folds a known offload state into s; an unknown one adds
// nothing, so that loops over layouts without it fold what the
// every-accessor loop folds.
func (s *sum) addOffload(known bool, o state.OffloadState) {
	if known {
		s.u += uint64(o) + 1
	}
}

var sinkSum sum

func perRow(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
}

func BenchmarkParse(b *testing.B) {
	buf := benchTable(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkTable, sinkErr = tcpmib.Parse(buf)
	}
}

// BenchmarkAppendSockets decodes the whole table into a preallocated
// slice, against a cast that builds the same values.
func BenchmarkAppendSockets(b *testing.B) {
	buf := benchTable(b)
	dst := make([]netmib.Socket, 0, benchRows)
	b.Run("impl=netmib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tab, _ := tcpmib.Parse(buf)
			dst = tab.AppendSockets(dst[:0])
		}
		perRow(b)
	})
	b.Run("impl=unsafe-baseline", func(b *testing.B) {
		skipUnlessLittleEndian64(b)
		b.ReportAllocs()
		for b.Loop() {
			dst = dst[:0]
			rows := mirror[mirrorRow](buf, 8)
			for i := range rows {
				dst = append(dst, rows[i].socket())
			}
		}
		perRow(b)
	})
	runtime.KeepAlive(dst)
}

// BenchmarkRow measures each accessor alone, over every row, with the loop
// written out so that the accessor is inlined as it is in callers' code.
func BenchmarkRow(b *testing.B) {
	tab, err := tcpmib.Parse(benchTable(b))
	require.NoError(b, err)
	run := func(name string, loop func()) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				loop()
			}
			perRow(b)
		})
	}
	run("Local", func() {
		for _, r := range tab.All() {
			sinkAP = r.Local()
		}
	})
	run("Remote", func() {
		for _, r := range tab.All() {
			sinkAP = r.Remote()
		}
	})
	run("LocalScopeID", func() {
		for _, r := range tab.All() {
			sinkU32 += r.LocalScopeID()
		}
	})
	run("RemoteScopeID", func() {
		for _, r := range tab.All() {
			sinkU32 += r.RemoteScopeID()
		}
	})
	run("State", func() {
		for _, r := range tab.All() {
			sinkState += r.State()
		}
	})
	run("PID", func() {
		for _, r := range tab.All() {
			sinkU32 += r.PID()
		}
	})
	run("CreateTimestamp", func() {
		for _, r := range tab.All() {
			sinkI64 += r.CreateTimestamp()
		}
	})
	run("Created", func() {
		for _, r := range tab.All() {
			sinkTime = r.Created()
		}
	})
	run("ModuleInfo", func() {
		for _, r := range tab.All() {
			sinkMod = r.ModuleInfo()
		}
	})
	run("ServiceTag", func() {
		for _, r := range tab.All() {
			sinkU32 += r.ServiceTag()
		}
	})
	run("Socket", func() {
		for _, r := range tab.All() {
			sinkSock = r.Socket()
		}
	})
}
