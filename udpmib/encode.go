package udpmib

import (
	"fmt"

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
	b, err := d.AppendRows(dst, len(entries), func(row []byte, i int) error {
		return putEntry(row, d, &entries[i])
	})
	if err != nil {
		return dst, fmt.Errorf("%w: %w", ErrUnrepresentable, err)
	}
	return b, nil
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
