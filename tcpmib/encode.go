package tcpmib

import (
	"fmt"

	"github.com/netmib/netmib"
)

// AppendTable appends socks to dst as a table of layout l, the encoder
// that [Layout.Parse] and [Table.AppendSockets] invert, and returns the
// extended buffer. The header padding and the two unused bytes of each
// port DWORD are written as zeros.
//
// Each socket must be a socket of layout l: TCP, of the layout's family,
// and carrying exactly the members the layout has (Known is l.Fields());
// a member it does not carry must be zero. Decoding the result then gives
// every socket back unchanged, with two exceptions: in an IPv6 table, an
// IPv4 address comes back in its IPv4-mapped form (::ffff:a.b.c.d) and
// the zero Addr as ::; in an IPv4 table, an IPv4-mapped address comes back
// as IPv4 and the zero Addr as 0.0.0.0. Any socket the layout cannot hold
// that way is an error wrapping [netmib.ErrUnrepresentable], with dst
// returned unchanged: another protocol, family or set of members, an
// address with a zone (the scope ID has its own member), an IPv6 address
// in an IPv4 table, or more than [netmib.MaxRows] sockets. An undefined l
// gives [netmib.ErrUnknownLayout].
func (l Layout) AppendTable(dst []byte, socks []netmib.Socket) ([]byte, error) {
	d := l.desc()
	if d == nil {
		return dst, fmt.Errorf("%w: %v", netmib.ErrUnknownLayout, l)
	}
	out, rows, err := d.AppendTable(dst, len(socks))
	if err != nil {
		return dst, err
	}
	for i := range socks {
		if err := d.Encode(rows[i*d.RowSize:(i+1)*d.RowSize], netmib.TCP, &socks[i]); err != nil {
			return dst, fmt.Errorf("tcpmib: socket %d: %w", i, err)
		}
	}
	return out, nil
}
