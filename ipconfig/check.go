package ipconfig

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
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

// checkRow returns the offset of the first member of r, in row order,
// that contradicts the layout, and why; "" when none does.
func (k Kind) checkRow(r []byte) (int, string) {
	switch k {
	case Interfaces:
		return checkLength(r, ifPhysicalAddressLength)
	case Addresses:
		if off, why := checkSockAddr(r, addrAddress, "Address", addrPrefixLength); why != "" {
			return off, why
		}
		return checkBool(r, addrSkipAsSource, "SkipAsSource")
	case Routes:
		if off, why := checkSockAddr(r, routeDestination, "DestinationPrefix", routePrefixLength); why != "" {
			return off, why
		}
		if off, why := checkSockAddr(r, routeNextHop, "NextHop", -1); why != "" {
			return off, why
		}
		for i, member := range []string{"Loopback", "AutoconfigureAddress", "Publish", "Immortal"} { // four BOOLEANs in a row
			if off, why := checkBool(r, routeLoopback+i, member); why != "" {
				return off, why
			}
		}
		return 0, ""
	case Neighbors:
		if off, why := checkSockAddr(r, neighborAddress, "Address", -1); why != "" {
			return off, why
		}
		return checkLength(r, neighborPhysicalLen)
	}
	return 0, ""
}

// checkSockAddr checks the SOCKADDR_INET at off, and the prefix length of
// its address at prefixOff (none when -1).
func checkSockAddr(r []byte, off int, member string, prefixOff int) (int, string) {
	a := decodeSockAddr(r[off:])
	if !a.Valid() {
		return off, fmt.Sprintf("%s has family %d, not AF_INET or AF_INET6", member, a.Family)
	}
	if prefixOff >= 0 && int(r[prefixOff]) > a.Addr.BitLen() {
		return prefixOff, fmt.Sprintf("prefix length %d is too long for %s", r[prefixOff], member)
	}
	return 0, ""
}

// checkBool checks that the BOOLEAN at off is 0 or 1.
func checkBool(r []byte, off int, member string) (int, string) {
	if r[off] > 1 {
		return off, fmt.Sprintf("BOOLEAN %s is %d", member, r[off])
	}
	return 0, ""
}

// checkLength checks that the PhysicalAddressLength at off is at most 32.
func checkLength(r []byte, off int) (int, string) {
	if n := mib.DWORD(r, off); n > MaxHardwareAddrLen {
		return off, fmt.Sprintf("PhysicalAddressLength %d is over %d", n, MaxHardwareAddrLen)
	}
	return 0, ""
}
