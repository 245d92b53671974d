package ipconfig

import (
	"fmt"

	"github.com/netmib/netmib"
)

// Check reports the first fact of b that contradicts a table of kind k,
// beyond what the parsers check. Parse is lenient; Check is the stricter
// step for a buffer of unknown origin:
//
//   - the size is exactly the header and NumEntries rows: the tables are
//     copied out of the memory Windows allocated, and nothing follows them;
//   - every SOCKADDR_INET is AF_INET or AF_INET6 (an address row's
//     Address, a route's DestinationPrefix and NextHop, a neighbor's
//     Address), never another family;
//   - a prefix length fits its family (at most 32 or 128);
//   - a PhysicalAddressLength is at most 32;
//   - a BOOLEAN member is 0 or 1.
//
// It does not check padding, nor the bytes of a SOCKADDR_INET its family
// does not use: Wine leaves heap contents there (docs/wire.md §9). The
// error is a *netmib.FormatError wrapping netmib.ErrMismatch, or what the
// parser returns.
func (k Kind) Check(b []byte) error {
	rows, err := k.rows(b)
	if err != nil {
		return err
	}
	size := k.RowSize()
	if want := headerSize + len(rows); len(b) != want {
		return &netmib.FormatError{
			Table: k.String(), Off: int64(want), Row: -1, Count: uint32(len(rows) / size), Want: int64(want), Have: int64(len(b)),
			Why: fmt.Sprintf("%d bytes after the last row", len(b)-want), Err: netmib.ErrMismatch,
		}
	}
	for i := range len(rows) / size {
		r := rows[i*size : (i+1)*size]
		if off, why := k.checkRow(r); why != "" {
			return &netmib.FormatError{
				Table: k.String(), Off: int64(headerSize + i*size + off), Row: int64(i), Count: uint32(len(rows) / size),
				Want: int64(len(b)), Have: int64(len(b)), Why: why, Err: netmib.ErrMismatch,
			}
		}
	}
	return nil
}

// checkRow returns the offset of the first member of r that contradicts
// the layout, and why; "" when none does.
func (k Kind) checkRow(r []byte) (int, string) {
	type check struct {
		off int
		why string
	}
	var checks []check
	sock := func(off int, member string, prefixOff int) {
		a := decodeSockAddr(r[off:])
		if !a.Valid() {
			checks = append(checks, check{off, fmt.Sprintf("%s has family %d, not AF_INET or AF_INET6", member, a.Family)})
			return
		}
		if prefixOff >= 0 && int(r[prefixOff]) > a.Addr.BitLen() {
			checks = append(checks, check{prefixOff, fmt.Sprintf("prefix length %d is too long for %s", r[prefixOff], member)})
		}
	}
	boolean := func(off int, member string) {
		if r[off] > 1 {
			checks = append(checks, check{off, fmt.Sprintf("BOOLEAN %s is %d", member, r[off])})
		}
	}
	physical := func(off int) {
		if n := hardwareAddr(r, 0, off).Len; n > MaxHardwareAddrLen {
			checks = append(checks, check{off, fmt.Sprintf("PhysicalAddressLength %d is over %d", n, MaxHardwareAddrLen)})
		}
	}
	switch k {
	case Interfaces:
		physical(ifPhysicalAddressLength)
	case Addresses:
		sock(addrAddress, "Address", addrPrefixLength)
		boolean(addrSkipAsSource, "SkipAsSource")
	case Routes:
		sock(routeDestination, "DestinationPrefix", routePrefixLength)
		sock(routeNextHop, "NextHop", -1)
		for off, m := range map[int]string{routeLoopback: "Loopback", routeAutoconfigureAddress: "AutoconfigureAddress", routePublish: "Publish", routeImmortal: "Immortal"} {
			boolean(off, m)
		}
	case Neighbors:
		sock(neighborAddress, "Address", -1)
		physical(neighborPhysicalLen)
	}
	first := check{off: len(r)}
	for _, c := range checks {
		if c.off < first.off {
			first = c
		}
	}
	return first.off, first.why
}
