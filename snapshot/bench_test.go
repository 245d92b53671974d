package snapshot_test

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// benchSockets is the number of sockets the goals are stated for.
const benchSockets = 65536

// benchSnapshot returns a snapshot of one MIB_TCP6TABLE_OWNER_MODULE of n
// varied rows. Row i is the socket numbered i+seed, in a state that depends
// on i for every fourth row: snapshots of the same n with seeds 0 and n/2
// share half their sockets, and an eighth change state.
func benchSnapshot(tb testing.TB, n int, seed uint64) *snapshot.Snapshot {
	entries := make([]netmib.Socket, n)
	for i := range entries {
		var a [16]byte
		a[0], a[1] = 0x20, 0x01
		binary.BigEndian.PutUint64(a[8:], (uint64(i)+seed)*0x9e3779b97f4a7c15)
		addr := netip.AddrFrom16(a)
		k := uint64(i) + seed
		st := state.State(k%12 + 1)
		if i%4 == 0 {
			st = state.State(i%12 + 1)
		}
		entries[i] = netmib.Socket{
			Local: netip.AddrPortFrom(addr, uint16(k)), Remote: netip.AddrPortFrom(addr.Next(), 443),
			State: st, PID: uint32(k % 500), CreateTimestamp: 134_000_000_000_000_000 + int64(k),
			ModuleInfo: tag(uint32(k % 7)),
		}
	}
	return &snapshot.Snapshot{Tables: []snapshot.Table{tcpTable(tb, tcpmib.IPv6OwnerModule, tcpmib.OwnerModuleAll, entries...)}}
}

var (
	sinkSocket netmib.Socket
	sinkN      int
)

// BenchmarkSockets iterates 65,536 sockets, against iterating the same
// table's rows with tcpmib's All and reading every member into a Socket,
// what a caller without this package would write.
func BenchmarkSockets(b *testing.B) {
	s := benchSnapshot(b, benchSockets, 0)
	b.Run("impl=Sockets", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for sock := range s.Sockets() {
				sinkSocket = sock
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchSockets, "ns/socket")
	})
	b.Run("impl=tcpmib-All", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tab, _ := s.Tables[0].TCP()
			for _, r := range tab.All() {
				sinkSocket = netmib.Socket{Proto: netmib.TCP, Family: tab.Layout().Family(),
					Local: r.Local(), Remote: r.Remote(), LocalScopeID: r.LocalScopeID(), RemoteScopeID: r.RemoteScopeID(),
					State: r.State(), PID: r.PID(), CreateTimestamp: r.CreateTimestamp(), ModuleInfo: r.ModuleInfo()}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchSockets, "ns/socket")
	})
}

// BenchmarkDiff compares two snapshots of 65,536 sockets that share half
// their sockets, and of 4,096 to show the time grows linearly.
func BenchmarkDiff(b *testing.B) {
	for _, n := range []int{4096, benchSockets} {
		old, new := benchSnapshot(b, n, 0), benchSnapshot(b, n, uint64(n/2))
		b.Run(sizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkN = len(snapshot.Diff(old, new))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/socket")
		})
	}
}

// BenchmarkRead reads the file of a snapshot of 65,536 sockets; bytes/op
// against the file's size is what Read allocates per byte it reads.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	require.NoError(b, snapshot.Write(&buf, benchSnapshot(b, benchSockets, 0)))
	file := buf.Bytes()
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		_, err := snapshot.Read(bytes.NewReader(file))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(file)), "file-bytes")
}

func sizeName(n int) string {
	if n == benchSockets {
		return "65536"
	}
	return "4096"
}
