package tcpmib_test

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"
)

// BenchmarkLowerBound measures the best a safe decoder can do on the work
// of BenchmarkAllLayouts/MIB_TCP6TABLE_OWNER_MODULE: a plain loop, no
// iterator, constant offsets into a *[192]byte so that the compiler checks
// no bounds per member. It is not an API, only the floor against which the
// layout-driven views are judged: what they cost over it is the price of
// serving every layout with one decoder and of the iterator; what it costs
// over the unsafe baseline is the price of reading members with
// encoding/binary rather than casting (mostly the sixteen loads of
// OwningModuleInfo, which the cast copies as raw memory).

// constRow reads MIB_TCP6ROW_OWNER_MODULE at constant offsets.
type constRow struct{ p *[192]byte }

func (r constRow) Local() netip.AddrPort {
	return netip.AddrPortFrom(netip.AddrFrom16([16]byte(r.p[0:16])), binary.BigEndian.Uint16(r.p[20:22]))
}
func (r constRow) Remote() netip.AddrPort {
	return netip.AddrPortFrom(netip.AddrFrom16([16]byte(r.p[24:40])), binary.BigEndian.Uint16(r.p[44:46]))
}
func (r constRow) Mod() (m [16]uint64) {
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(r.p[64+8*i:])
	}
	return
}

func BenchmarkLowerBound(b *testing.B) {
	buf := tcpmib.AppendTable(nil, benchEntries(true))
	b.Run("safe-constant-offsets-plain-loop", func(b *testing.B) {
		var s sum
		for b.Loop() {
			s = sum{}
			rows := buf[8:]
			for len(rows) >= 192 {
				r := constRow{(*[192]byte)(rows[:192])}
				p := r.p
				mod := r.Mod()
				ts := int64(binary.LittleEndian.Uint64(p[56:]))
				s.add(r.Local(), r.Remote(), binary.LittleEndian.Uint32(p[16:]), binary.LittleEndian.Uint32(p[40:]),
					state.State(binary.LittleEndian.Uint32(p[48:])), binary.LittleEndian.Uint32(p[52:]), ts, mib.Time(ts), &mod, uint32(mod[0]))
				rows = rows[192:]
			}
			sinkSum = s
		}
		perRow(b)
	})
}
