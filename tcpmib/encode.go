package tcpmib

import (
	"fmt"

	"github.com/netmib/netmib/internal/mib"
)

// AppendTable appends entries to dst as a MIB_TCP6TABLE_OWNER_MODULE and
// returns the extended buffer: the encoder that [Parse] inverts, for building
// test buffers and fixtures. It is IPv6OwnerModule.AppendTable, which cannot
// fail for this layout.
//
// The header padding and the two unused bytes of each port DWORD are written
// as zeros. Every address fits the 16-byte members: an IPv4 address is
// written in its IPv4-mapped form (::ffff:a.b.c.d) and the zero Addr as ::,
// so those two come back changed; every other Entry comes back unchanged.
// It panics if len(entries) exceeds the uint32 range of dwNumEntries or the
// size of the table would overflow an int.
func AppendTable(dst []byte, entries []Entry) []byte {
	b, err := IPv6OwnerModule.AppendTable(dst, entries)
	if err != nil {
		panic(err)
	}
	return b
}

// AppendTable appends entries to dst as a table of layout l, as the
// package-level [AppendTable] does, and returns the extended buffer. Members
// the layout lacks are not written. It returns dst unchanged and an error
// wrapping [ErrUnrepresentable] if an address does not fit the layout's
// address members (only an IPv4 or IPv4-mapped address fits an IPv4 table)
// or len(entries) exceeds the uint32 range of dwNumEntries, and
// [ErrUnknownLayout] for an undefined l.
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
	if err := mib.PutAddr(b, d.IPv6, d.RemoteAddr, e.Remote.Addr()); err != nil {
		return fmt.Errorf("remote address: %w", err)
	}
	mib.PutPort(b, d.LocalPort, e.Local.Port())
	mib.PutPort(b, d.RemotePort, e.Remote.Port())
	mib.PutDWORD(b, d.LocalScope, e.LocalScopeID)
	mib.PutDWORD(b, d.RemoteScope, e.RemoteScopeID)
	mib.PutDWORD(b, d.State, uint32(e.State))
	mib.PutDWORD(b, d.PID, e.PID)
	mib.PutTimestamp(b, d.Timestamp, e.CreateTimestamp)
	if d.ModuleInfo != mib.Absent {
		mib.PutModuleInfo(b[d.ModuleInfo:], &e.ModuleInfo)
	}
	return nil
}
