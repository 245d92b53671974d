package ipconfig

import (
	"iter"
	"net/netip"
	"slices"
	"time"

	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/internal/mib"
)

// MIB_UNICASTIPADDRESS_ROW, 80 bytes (netioapi.h):
//
//	typedef struct _MIB_UNICASTIPADDRESS_ROW {
//	    SOCKADDR_INET Address;            //  0: 28 bytes, then 4 of padding
//	    NET_LUID InterfaceLuid;           // 32
//	    NET_IFINDEX InterfaceIndex;       // 40
//	    NL_PREFIX_ORIGIN PrefixOrigin;    // 44
//	    NL_SUFFIX_ORIGIN SuffixOrigin;    // 48
//	    ULONG ValidLifetime;              // 52
//	    ULONG PreferredLifetime;          // 56
//	    UINT8 OnLinkPrefixLength;         // 60
//	    BOOLEAN SkipAsSource;             // 61, then 2 bytes of padding
//	    NL_DAD_STATE DadState;            // 64
//	    SCOPE_ID ScopeId;                 // 68
//	    LARGE_INTEGER CreationTimeStamp;  // 72
//	} MIB_UNICASTIPADDRESS_ROW;
const (
	addrRowSize           = 80
	addrAddress           = 0
	addrLUID              = 32
	addrIndex             = 40
	addrPrefixOrigin      = 44
	addrSuffixOrigin      = 48
	addrValidLifetime     = 52
	addrPreferredLifetime = 56
	addrPrefixLength      = 60
	addrSkipAsSource      = 61
	addrDadState          = 64
	addrScopeID           = 68
	addrCreationTimestamp = 72
)

// Infinite is the lifetime of an address or route that does not expire:
// 0xFFFFFFFF seconds.
const Infinite = 0xFFFFFFFF

// An Address is one MIB_UNICASTIPADDRESS_ROW, a unicast IP address of an
// interface, as a self-contained, comparable value.
type Address struct {
	Address           SockAddr     `json:"address"`
	InterfaceLUID     LUID         `json:"interface_luid"`
	InterfaceIndex    uint32       `json:"interface_index"`
	PrefixOrigin      PrefixOrigin `json:"prefix_origin"`
	SuffixOrigin      SuffixOrigin `json:"suffix_origin"`
	ValidLifetime     uint32       `json:"valid_lifetime"`     // seconds, or Infinite
	PreferredLifetime uint32       `json:"preferred_lifetime"` // seconds, or Infinite
	PrefixLength      uint8        `json:"prefix_length"`      // OnLinkPrefixLength
	SkipAsSource      bool         `json:"skip_as_source"`
	DadState          DadState     `json:"dad_state"`
	ScopeID           uint32       `json:"scope_id"`           // ScopeId.Value: the zone the address is unique in
	CreationTimestamp int64        `json:"creation_timestamp"` // a FILETIME; 0 when unknown
}

// Prefix returns the address with its on-link prefix length, such as
// 192.168.1.20/24 or fe80::1/64 (the zone left out), or the zero Prefix
// when the family is not decoded or the length too long for it.
func (a *Address) Prefix() netip.Prefix { return a.Address.prefix(a.PrefixLength) }

// Created returns CreationTimestamp as a UTC time, or the zero time.Time
// when it is 0.
func (a *Address) Created() time.Time { return filetime.Time(a.CreationTimestamp) }

// An AddressTable is a validated view of a MIB_UNICASTIPADDRESS_TABLE
// buffer: it reads the caller's buffer, and is valid only while it is
// unchanged.
type AddressTable struct{ rows []byte }

// ParseAddresses validates b as a MIB_UNICASTIPADDRESS_TABLE: NumEntries,
// four bytes of padding and NumEntries rows of 80 bytes. It does not copy
// b and allocates nothing but an error.
func ParseAddresses(b []byte) (AddressTable, error) {
	rows, err := Addresses.rows(b)
	return AddressTable{rows}, err
}

// Len returns the number of rows.
func (t AddressTable) Len() int { return len(t.rows) / addrRowSize }

// Row returns row i, or the zero AddressRow when i is out of range.
func (t AddressTable) Row(i int) AddressRow {
	if i < 0 || i >= t.Len() {
		return AddressRow{}
	}
	return AddressRow{t.rows[i*addrRowSize : (i+1)*addrRowSize]}
}

// All yields each row with its index, in buffer order.
func (t AddressTable) All() iter.Seq2[int, AddressRow] {
	return func(yield func(int, AddressRow) bool) {
		for i := range t.Len() {
			if !yield(i, AddressRow{t.rows[i*addrRowSize : (i+1)*addrRowSize]}) {
				return
			}
		}
	}
}

// AppendAddresses appends the value of every row to dst and returns the
// extended slice; it allocates only when dst lacks the room, and then once.
func (t AddressTable) AppendAddresses(dst []Address) []Address {
	dst = slices.Grow(dst, t.Len())
	for _, r := range t.All() {
		dst = append(dst, r.Address())
	}
	return dst
}

// An AddressRow is a zero-copy view of one MIB_UNICASTIPADDRESS_ROW; the
// zero AddressRow reads as zeros.
type AddressRow struct{ b []byte }

// SockAddr returns Address.
func (r AddressRow) SockAddr() SockAddr { return decodeSockAddr(sub(r.b, addrAddress)) }

// InterfaceLUID returns InterfaceLuid.
func (r AddressRow) InterfaceLUID() LUID { return LUID(mib.Int64(r.b, addrLUID)) }

// InterfaceIndex returns InterfaceIndex.
func (r AddressRow) InterfaceIndex() uint32 { return mib.DWORD(r.b, addrIndex) }

// PrefixLength returns OnLinkPrefixLength.
func (r AddressRow) PrefixLength() uint8 { return u8(r.b, addrPrefixLength) }

// DadState returns DadState.
func (r AddressRow) DadState() DadState { return DadState(mib.DWORD(r.b, addrDadState)) }

// Address returns every member of the row as a value.
func (r AddressRow) Address() Address {
	return Address{
		Address: r.SockAddr(), InterfaceLUID: r.InterfaceLUID(), InterfaceIndex: r.InterfaceIndex(),
		PrefixOrigin:  PrefixOrigin(mib.DWORD(r.b, addrPrefixOrigin)),
		SuffixOrigin:  SuffixOrigin(mib.DWORD(r.b, addrSuffixOrigin)),
		ValidLifetime: mib.DWORD(r.b, addrValidLifetime), PreferredLifetime: mib.DWORD(r.b, addrPreferredLifetime),
		PrefixLength: r.PrefixLength(), SkipAsSource: u8(r.b, addrSkipAsSource) != 0, DadState: r.DadState(),
		ScopeID: mib.DWORD(r.b, addrScopeID), CreationTimestamp: mib.Int64(r.b, addrCreationTimestamp),
	}
}

// sub returns row from off on, or nil when off lies outside it.
func sub(row []byte, off int) []byte {
	if off < 0 || off > len(row) {
		return nil
	}
	return row[off:]
}
