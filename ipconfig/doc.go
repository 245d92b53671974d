// Package ipconfig decodes the tables of a Windows host's IP
// configuration that the IP Helper functions of netioapi.h return: its
// interfaces (GetIfTable2, MIB_IF_TABLE2), their unicast addresses
// (GetUnicastIpAddressTable, MIB_UNICASTIPADDRESS_TABLE), its routes
// (GetIpForwardTable2, MIB_IPFORWARD_TABLE2) and its neighbor cache
// (GetIpNetTable2, MIB_IPNET_TABLE2). They say which adapter a socket's
// scope ID names, which addresses the host had and where its traffic went.
//
// It works as tcpmib and udpmib do, on every OS: a parser validates a
// buffer once and returns a zero-copy view, whose rows' accessors read
// members at their offsets, and whose rows convert to self-contained,
// comparable values with a JSON form:
//
//	t, err := ipconfig.ParseInterfaces(buf)
//	if err != nil {
//		return err // errors.Is(err, netmib.ErrTruncated)
//	}
//	for _, r := range t.All() {
//		fmt.Println(r.Index(), r.Alias(), r.PhysicalAddress(), r.OperStatus())
//	}
//
// # Wire format
//
// Each table is a ULONG NumEntries, four bytes of padding, and NumEntries
// rows of a fixed size: 1352 bytes for MIB_IF_ROW2, 80 for
// MIB_UNICASTIPADDRESS_ROW, 104 for MIB_IPFORWARD_ROW2 and 88 for
// MIB_IPNET_ROW2, the same for 32- and 64-bit producers (no member is
// pointer-sized). Each row's file quotes its C struct with the offsets,
// which a test checks against a C compiler's. The functions allocate the
// table themselves; [AppendFetch] copies the header and the rows out and
// frees it at once, so a captured buffer is exactly that size.
//
// An address is a SOCKADDR_INET: a union of SOCKADDR_IN and SOCKADDR_IN6
// that its si_family tells apart. [SockAddr] decodes the two families
// Windows writes, and keeps any other family as a number with no address,
// which [SockAddr.Valid] reports and [Kind.Check] refuses: nothing is
// guessed from the bytes. Wine leaves whatever its heap held in padding
// and in the bytes a SOCKADDR_IN does not use, and nothing says Windows
// zeroes them; the decoders never read them.
//
// Text is Windows' own: addresses as RtlIpv6AddressToStringEx prints them
// ("fe80::1%12"), MAC addresses as ipconfig does ("00-15-5D-0A-1B-2C"),
// GUIDs as StringFromGUID2 does. Alias and Description are UTF-16 that
// any producer can fill: print them escaped.
//
// # Security
//
// As in tcpmib: NumEntries is checked against the length once, without
// overflow and without allocating for it, a table may declare at most
// [netmib.MaxRows] rows, no input makes the package panic, and the
// parsers are fuzzed with the invariant that a row's value survives its
// encoding.
package ipconfig
