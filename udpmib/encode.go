package udpmib

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/netmib/netmib/internal/mib"
)

// AppendTable appends entries to dst as a table of layout l and returns the
// extended buffer: the encoder that [Layout.Parse] inverts, for building
// test buffers. The header padding, the padding holes of the OWNER_MODULE
// rows and the unused port bytes are written as zeros; members the layout
// lacks are not written. An IPv4 address in an IPv6 table is written in
// its IPv4-mapped form and the zero Addr as the unspecified address. It
// returns dst unchanged and an error wrapping [ErrUnrepresentable] if an
// address does not fit an IPv4 table or the count overflows dwNumEntries,
// and [ErrUnknownLayout] for an undefined l.
func (l Layout) AppendTable(dst []byte, entries []Entry) ([]byte, error) {
	d := l.desc()
	if d == nil {
		return dst, ErrUnknownLayout
	}
	if uint64(len(entries)) > math.MaxUint32 || len(entries) > (math.MaxInt-d.HeaderSize)/d.RowSize {
		return dst, fmt.Errorf("%w: %d entries overflow dwNumEntries or the buffer size", ErrUnrepresentable, len(entries))
	}
	start := len(dst)
	size := d.HeaderSize + len(entries)*d.RowSize
	out := slices.Grow(dst, size)[:start+size]
	clear(out[start:])
	binary.LittleEndian.PutUint32(out[start:], uint32(len(entries)))
	for i := range entries {
		off := start + d.HeaderSize + i*d.RowSize
		if err := putEntry(out[off:off+d.RowSize], d, &entries[i]); err != nil {
			return dst, fmt.Errorf("%w: entry %d: %w", ErrUnrepresentable, i, err)
		}
	}
	return out, nil
}

// putEntry writes e to the zeroed row b of layout d.
func putEntry(b []byte, d *mib.Layout, e *Entry) error {
	if err := mib.PutAddr(b, d.IPv6, d.LocalAddr, e.Local.Addr()); err != nil {
		return fmt.Errorf("local address: %w", err)
	}
	mib.PutPort(b, d.LocalPort, e.Local.Port())
	mib.PutDWORD(b, d.LocalScope, e.LocalScopeID)
	mib.PutDWORD(b, d.PID, e.PID)
	mib.PutTimestamp(b, d.Timestamp, e.CreateTimestamp)
	mib.PutDWORD(b, d.Flags, e.Flags)
	if d.ModuleInfo != mib.Absent {
		mib.PutModuleInfo(b[d.ModuleInfo:], &e.ModuleInfo)
	}
	return nil
}
