package tcpmib

import (
	"cmp"
	"fmt"

	"github.com/netmib/netmib"
)

// AppendTable appends entries to dst as a table of layout l, the encoder
// that [Layout.Parse] inverts, and returns the extended buffer. The header
// padding and the two unused bytes of each port DWORD are written as zeros.
//
// Parsing the result gives every entry back unchanged, with three
// exceptions: in an IPv6 table, an IPv4 address comes back in its
// IPv4-mapped form (::ffff:a.b.c.d) and the zero Addr as ::; in an IPv4
// table, an IPv4-mapped address comes back as IPv4 and the zero Addr as
// 0.0.0.0. Any entry the layout cannot hold that way is an error wrapping
// [netmib.ErrUnrepresentable], with dst returned unchanged: an address
// with a zone (the scope ID has its own field), an IPv6 address in an IPv4
// table, more than [netmib.MaxRows] entries, a non-zero member the layout
// does not have, such as a PID in a BASIC table, and a known offload state
// in a table without one or an unknown one in a table with one. An
// undefined l gives [netmib.ErrUnknownLayout].
func (l Layout) AppendTable(dst []byte, entries []Entry) ([]byte, error) {
	d := l.desc()
	if d == nil {
		return dst, fmt.Errorf("%w: %v", netmib.ErrUnknownLayout, l)
	}
	out, rows, err := d.AppendTable(dst, len(entries))
	if err != nil {
		return dst, err
	}
	for i := range entries {
		e, row := &entries[i], rows[i*d.RowSize:(i+1)*d.RowSize]
		err := cmp.Or(
			d.PutAddr(row, d.LocalAddr, e.Local.Addr(), "local address"),
			d.PutPort(row, d.LocalPort, e.Local.Port(), "dwLocalPort"),
			d.PutDWORD(row, d.LocalScopeID, e.LocalScopeID, "dwLocalScopeId"),
			d.PutAddr(row, d.RemoteAddr, e.Remote.Addr(), "remote address"),
			d.PutPort(row, d.RemotePort, e.Remote.Port(), "dwRemotePort"),
			d.PutDWORD(row, d.RemoteScopeID, e.RemoteScopeID, "dwRemoteScopeId"),
			d.PutDWORD(row, d.State, uint32(e.State), "dwState"),
			d.PutDWORD(row, d.PID, e.PID, "dwOwningPid"),
			d.PutInt64(row, d.CreateTimestamp, e.CreateTimestamp, "liCreateTimestamp"),
			d.PutModuleInfo(row, d.ModuleInfo, &e.ModuleInfo),
			d.PutOffloadState(row, uint32(e.Offload.State), e.Offload.Known),
		)
		if err != nil {
			return dst, fmt.Errorf("tcpmib: entry %d: %w", i, err)
		}
	}
	return out, nil
}
