package ipconfig

import (
	"iter"
	"slices"

	"github.com/netmib/netmib/internal/mib"
)

// MIB_IPNET_ROW2, 88 bytes (netioapi.h):
//
//	typedef struct _MIB_IPNET_ROW2 {
//	    SOCKADDR_INET Address;                              //  0
//	    NET_IFINDEX InterfaceIndex;                         // 28
//	    NET_LUID InterfaceLuid;                             // 32
//	    UCHAR PhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH];  // 40: 32 bytes
//	    ULONG PhysicalAddressLength;                        // 72
//	    NL_NEIGHBOR_STATE State;                            // 76
//	    union {
//	        struct { BOOLEAN IsRouter : 1; BOOLEAN IsUnreachable : 1; };
//	        UCHAR Flags;
//	    };                                                  // 80, then 3 bytes of padding
//	    union { ULONG LastReachable; ULONG LastUnreachable; } ReachabilityTime; // 84
//	} MIB_IPNET_ROW2;
const (
	neighborRowSize          = 88
	neighborAddress          = 0
	neighborIndex            = 28
	neighborLUID             = 32
	neighborPhysicalAddress  = 40
	neighborPhysicalLen      = 72
	neighborState            = 76
	neighborFlags            = 80
	neighborReachabilityTime = 84
)

// Bits of a neighbor's Flags.
const (
	NeighborIsRouter      = 1 << 0
	NeighborIsUnreachable = 1 << 1
)

// A Neighbor is one MIB_IPNET_ROW2, an entry of the ARP or IPv6 neighbor
// cache, as a self-contained, comparable value.
type Neighbor struct {
	Address          SockAddr      `json:"address"`
	InterfaceIndex   uint32        `json:"interface_index"`
	InterfaceLUID    LUID          `json:"interface_luid"`
	PhysicalAddress  HardwareAddr  `json:"mac"`
	State            NeighborState `json:"state"`
	Flags            uint8         `json:"flags"`             // NeighborIsRouter, NeighborIsUnreachable
	ReachabilityTime uint32        `json:"reachability_time"` // milliseconds since last reachable, or unreachable when NeighborIsUnreachable is set
}

// A NeighborTable is a validated view of a MIB_IPNET_TABLE2 buffer: it
// reads the caller's buffer, and is valid only while it is unchanged.
type NeighborTable struct{ rows []byte }

// ParseNeighbors validates b as a MIB_IPNET_TABLE2: NumEntries, four bytes
// of padding and NumEntries rows of 88 bytes. It does not copy b and
// allocates nothing but an error.
func ParseNeighbors(b []byte) (NeighborTable, error) {
	rows, err := Neighbors.rows(b)
	return NeighborTable{rows}, err
}

// Len returns the number of rows.
func (t NeighborTable) Len() int { return len(t.rows) / neighborRowSize }

// Row returns row i, or the zero NeighborRow when i is out of range.
func (t NeighborTable) Row(i int) NeighborRow {
	if i < 0 || i >= t.Len() {
		return NeighborRow{}
	}
	return NeighborRow{t.rows[i*neighborRowSize : (i+1)*neighborRowSize]}
}

// All yields each row with its index, in buffer order.
func (t NeighborTable) All() iter.Seq2[int, NeighborRow] {
	return func(yield func(int, NeighborRow) bool) {
		for i := range t.Len() {
			if !yield(i, NeighborRow{t.rows[i*neighborRowSize : (i+1)*neighborRowSize]}) {
				return
			}
		}
	}
}

// AppendNeighbors appends the value of every row to dst and returns the
// extended slice; it allocates only when dst lacks the room, and then once.
func (t NeighborTable) AppendNeighbors(dst []Neighbor) []Neighbor {
	dst = slices.Grow(dst, t.Len())
	for _, r := range t.All() {
		dst = append(dst, r.Neighbor())
	}
	return dst
}

// A NeighborRow is a zero-copy view of one MIB_IPNET_ROW2; the zero
// NeighborRow reads as zeros.
type NeighborRow struct{ b []byte }

// SockAddr returns Address.
func (r NeighborRow) SockAddr() SockAddr { return decodeSockAddr(sub(r.b, neighborAddress)) }

// InterfaceIndex returns InterfaceIndex.
func (r NeighborRow) InterfaceIndex() uint32 { return mib.DWORD(r.b, neighborIndex) }

// PhysicalAddress returns PhysicalAddressLength and PhysicalAddress.
func (r NeighborRow) PhysicalAddress() HardwareAddr {
	return hardwareAddr(r.b, neighborPhysicalAddress, neighborPhysicalLen)
}

// State returns State.
func (r NeighborRow) State() NeighborState { return NeighborState(mib.DWORD(r.b, neighborState)) }

// Neighbor returns every member of the row as a value.
func (r NeighborRow) Neighbor() Neighbor {
	return Neighbor{
		Address: r.SockAddr(), InterfaceIndex: r.InterfaceIndex(), InterfaceLUID: LUID(mib.Int64(r.b, neighborLUID)),
		PhysicalAddress: r.PhysicalAddress(), State: r.State(), Flags: u8(r.b, neighborFlags),
		ReachabilityTime: mib.DWORD(r.b, neighborReachabilityTime),
	}
}
