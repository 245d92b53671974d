package ipconfig

import (
	"iter"
	"net/netip"
	"slices"

	"github.com/netmib/netmib/internal/mib"
)

// MIB_IPFORWARD_ROW2, 104 bytes (netioapi.h):
//
//	typedef struct _MIB_IPFORWARD_ROW2 {
//	    NET_LUID InterfaceLuid;                 //   0
//	    NET_IFINDEX InterfaceIndex;             //   8
//	    IP_ADDRESS_PREFIX DestinationPrefix;    //  12: SOCKADDR_INET Prefix (28 bytes), UINT8 PrefixLength at 40, 3 bytes of padding
//	    SOCKADDR_INET NextHop;                  //  44
//	    UCHAR SitePrefixLength;                 //  72, then 3 bytes of padding
//	    ULONG ValidLifetime;                    //  76
//	    ULONG PreferredLifetime;                //  80
//	    ULONG Metric;                           //  84
//	    NL_ROUTE_PROTOCOL Protocol;             //  88
//	    BOOLEAN Loopback;                       //  92
//	    BOOLEAN AutoconfigureAddress;           //  93
//	    BOOLEAN Publish;                        //  94
//	    BOOLEAN Immortal;                       //  95
//	    ULONG Age;                              //  96
//	    NL_ROUTE_ORIGIN Origin;                 // 100
//	} MIB_IPFORWARD_ROW2;
const (
	routeRowSize              = 104
	routeLUID                 = 0
	routeIndex                = 8
	routeDestination          = 12
	routePrefixLength         = 40
	routeNextHop              = 44
	routeSitePrefixLength     = 72
	routeValidLifetime        = 76
	routePreferredLifetime    = 80
	routeMetric               = 84
	routeProtocol             = 88
	routeLoopback             = 92
	routeAutoconfigureAddress = 93
	routePublish              = 94
	routeImmortal             = 95
	routeAge                  = 96
	routeOrigin               = 100
)

// A Route is one MIB_IPFORWARD_ROW2 as a self-contained, comparable value.
type Route struct {
	InterfaceLUID        LUID          `json:"interface_luid"`
	InterfaceIndex       uint32        `json:"interface_index"`
	Destination          SockAddr      `json:"destination"`   // DestinationPrefix.Prefix
	PrefixLength         uint8         `json:"prefix_length"` // DestinationPrefix.PrefixLength
	NextHop              SockAddr      `json:"next_hop"`      // the unspecified address for an on-link route
	SitePrefixLength     uint8         `json:"site_prefix_length"`
	ValidLifetime        uint32        `json:"valid_lifetime"`     // seconds, or Infinite
	PreferredLifetime    uint32        `json:"preferred_lifetime"` // seconds, or Infinite
	Metric               uint32        `json:"metric"`             // added to the interface's metric
	Protocol             RouteProtocol `json:"protocol"`
	Loopback             bool          `json:"loopback"`
	AutoconfigureAddress bool          `json:"autoconfigure_address"`
	Publish              bool          `json:"publish"`
	Immortal             bool          `json:"immortal"`
	Age                  uint32        `json:"age"` // seconds
	Origin               RouteOrigin   `json:"origin"`
}

// Prefix returns the destination with its prefix length, such as
// 0.0.0.0/0, or the zero Prefix when the family is not decoded or the
// length too long for it.
func (r *Route) Prefix() netip.Prefix { return r.Destination.prefix(r.PrefixLength) }

// A RouteTable is a validated view of a MIB_IPFORWARD_TABLE2 buffer: it
// reads the caller's buffer, and is valid only while it is unchanged.
type RouteTable struct{ rows []byte }

// ParseRoutes validates b as a MIB_IPFORWARD_TABLE2: NumEntries, four
// bytes of padding and NumEntries rows of 104 bytes. It does not copy b
// and allocates nothing but an error.
func ParseRoutes(b []byte) (RouteTable, error) {
	rows, err := Routes.rows(b)
	return RouteTable{rows}, err
}

// Len returns the number of rows.
func (t RouteTable) Len() int { return len(t.rows) / routeRowSize }

// Row returns row i, or the zero RouteRow when i is out of range.
func (t RouteTable) Row(i int) RouteRow {
	if i < 0 || i >= t.Len() {
		return RouteRow{}
	}
	return RouteRow{t.rows[i*routeRowSize : (i+1)*routeRowSize]}
}

// All yields each row with its index, in buffer order.
func (t RouteTable) All() iter.Seq2[int, RouteRow] {
	return func(yield func(int, RouteRow) bool) {
		for i := range t.Len() {
			if !yield(i, RouteRow{t.rows[i*routeRowSize : (i+1)*routeRowSize]}) {
				return
			}
		}
	}
}

// AppendRoutes appends the value of every row to dst and returns the
// extended slice; it allocates only when dst lacks the room, and then once.
func (t RouteTable) AppendRoutes(dst []Route) []Route {
	dst = slices.Grow(dst, t.Len())
	for _, r := range t.All() {
		dst = append(dst, r.Route())
	}
	return dst
}

// A RouteRow is a zero-copy view of one MIB_IPFORWARD_ROW2; the zero
// RouteRow reads as zeros.
type RouteRow struct{ b []byte }

// InterfaceIndex returns InterfaceIndex.
func (r RouteRow) InterfaceIndex() uint32 { return mib.DWORD(r.b, routeIndex) }

// Destination returns DestinationPrefix.Prefix.
func (r RouteRow) Destination() SockAddr { return decodeSockAddr(sub(r.b, routeDestination)) }

// PrefixLength returns DestinationPrefix.PrefixLength.
func (r RouteRow) PrefixLength() uint8 { return u8(r.b, routePrefixLength) }

// NextHop returns NextHop.
func (r RouteRow) NextHop() SockAddr { return decodeSockAddr(sub(r.b, routeNextHop)) }

// Metric returns Metric.
func (r RouteRow) Metric() uint32 { return mib.DWORD(r.b, routeMetric) }

// Route returns every member of the row as a value.
func (r RouteRow) Route() Route {
	return Route{
		InterfaceLUID: LUID(mib.Int64(r.b, routeLUID)), InterfaceIndex: r.InterfaceIndex(),
		Destination: r.Destination(), PrefixLength: r.PrefixLength(), NextHop: r.NextHop(),
		SitePrefixLength: u8(r.b, routeSitePrefixLength),
		ValidLifetime:    mib.DWORD(r.b, routeValidLifetime), PreferredLifetime: mib.DWORD(r.b, routePreferredLifetime),
		Metric: r.Metric(), Protocol: RouteProtocol(mib.DWORD(r.b, routeProtocol)),
		Loopback: u8(r.b, routeLoopback) != 0, AutoconfigureAddress: u8(r.b, routeAutoconfigureAddress) != 0,
		Publish: u8(r.b, routePublish) != 0, Immortal: u8(r.b, routeImmortal) != 0,
		Age: mib.DWORD(r.b, routeAge), Origin: RouteOrigin(mib.DWORD(r.b, routeOrigin)),
	}
}
