package ipconfig

import (
	"iter"
	"slices"
	"unicode/utf16"

	"github.com/netmib/netmib/internal/mib"
)

// MIB_IF_ROW2, 1352 bytes (netioapi.h; offsets as MSVC lays it out,
// checked against a compiler in internal/sdk):
//
//	typedef struct _MIB_IF_ROW2 {
//	    NET_LUID InterfaceLuid;                         //    0
//	    NET_IFINDEX InterfaceIndex;                     //    8
//	    GUID InterfaceGuid;                             //   12
//	    WCHAR Alias[IF_MAX_STRING_SIZE + 1];            //   28: 257 WCHARs
//	    WCHAR Description[IF_MAX_STRING_SIZE + 1];      //  542
//	    ULONG PhysicalAddressLength;                    // 1056
//	    UCHAR PhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH];          // 1060: 32 bytes
//	    UCHAR PermanentPhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH]; // 1092
//	    ULONG Mtu;                                      // 1124
//	    IFTYPE Type;                                    // 1128
//	    TUNNEL_TYPE TunnelType;                         // 1132
//	    NDIS_MEDIUM MediaType;                          // 1136
//	    NDIS_PHYSICAL_MEDIUM PhysicalMediumType;        // 1140
//	    NET_IF_ACCESS_TYPE AccessType;                  // 1144
//	    NET_IF_DIRECTION_TYPE DirectionType;            // 1148
//	    struct { BOOLEAN HardwareInterface : 1; ... } InterfaceAndOperStatusFlags; // 1152: one byte, then 3 of padding
//	    IF_OPER_STATUS OperStatus;                      // 1156
//	    NET_IF_ADMIN_STATUS AdminStatus;                // 1160
//	    NET_IF_MEDIA_CONNECT_STATE MediaConnectState;   // 1164
//	    NET_IF_NETWORK_GUID NetworkGuid;                // 1168
//	    NET_IF_CONNECTION_TYPE ConnectionType;          // 1184, then 4 bytes of padding
//	    ULONG64 TransmitLinkSpeed;                      // 1192
//	    ULONG64 ReceiveLinkSpeed;                       // 1200
//	    ULONG64 InOctets; ... ULONG64 OutQLen;          // 1208 to 1344: 18 counters
//	} MIB_IF_ROW2;
const (
	ifRowSize                  = 1352
	ifLUID                     = 0
	ifIndex                    = 8
	ifGUID                     = 12
	ifAlias                    = 28
	ifDescription              = 542
	ifStringChars              = 257 // IF_MAX_STRING_SIZE + 1
	ifPhysicalAddressLength    = 1056
	ifPhysicalAddress          = 1060
	ifPermanentPhysicalAddress = 1092
	ifMTU                      = 1124
	ifType                     = 1128
	ifTunnelType               = 1132
	ifMediaType                = 1136
	ifPhysicalMediumType       = 1140
	ifAccessType               = 1144
	ifDirectionType            = 1148
	ifFlags                    = 1152
	ifOperStatus               = 1156
	ifAdminStatus              = 1160
	ifMediaConnectState        = 1164
	ifNetworkGUID              = 1168
	ifConnectionType           = 1184
	ifTransmitLinkSpeed        = 1192
	ifReceiveLinkSpeed         = 1200
	ifCounters                 = 1208
	ifCounterCount             = 18
)

// Bits of InterfaceAndOperStatusFlags, in declaration order: MSVC packs
// bit-fields from the lowest bit.
const (
	FlagHardwareInterface = 1 << iota
	FlagFilterInterface
	FlagConnectorPresent
	FlagNotAuthenticated
	FlagNotMediaConnected
	FlagPaused
	FlagLowPower
	FlagEndPointInterface
)

// Counters are the eighteen ULONG64 statistics of a MIB_IF_ROW2, in
// declaration order.
type Counters struct {
	InOctets           uint64 `json:"in_octets"`
	InUcastPkts        uint64 `json:"in_ucast_pkts"`
	InNUcastPkts       uint64 `json:"in_nucast_pkts"`
	InDiscards         uint64 `json:"in_discards"`
	InErrors           uint64 `json:"in_errors"`
	InUnknownProtos    uint64 `json:"in_unknown_protos"`
	InUcastOctets      uint64 `json:"in_ucast_octets"`
	InMulticastOctets  uint64 `json:"in_multicast_octets"`
	InBroadcastOctets  uint64 `json:"in_broadcast_octets"`
	OutOctets          uint64 `json:"out_octets"`
	OutUcastPkts       uint64 `json:"out_ucast_pkts"`
	OutNUcastPkts      uint64 `json:"out_nucast_pkts"`
	OutDiscards        uint64 `json:"out_discards"`
	OutErrors          uint64 `json:"out_errors"`
	OutUcastOctets     uint64 `json:"out_ucast_octets"`
	OutMulticastOctets uint64 `json:"out_multicast_octets"`
	OutBroadcastOctets uint64 `json:"out_broadcast_octets"`
	OutQLen            uint64 `json:"out_qlen"`
}

func (c *Counters) all() []*uint64 {
	return []*uint64{&c.InOctets, &c.InUcastPkts, &c.InNUcastPkts, &c.InDiscards, &c.InErrors, &c.InUnknownProtos,
		&c.InUcastOctets, &c.InMulticastOctets, &c.InBroadcastOctets, &c.OutOctets, &c.OutUcastPkts, &c.OutNUcastPkts,
		&c.OutDiscards, &c.OutErrors, &c.OutUcastOctets, &c.OutMulticastOctets, &c.OutBroadcastOctets, &c.OutQLen}
}

// An Interface is one MIB_IF_ROW2 as a self-contained, comparable value.
// Alias and Description are decoded from UTF-16 up to their first NUL (an
// unpaired surrogate becomes U+FFFD); PhysicalAddress and
// PermanentPhysicalAddress share the row's one PhysicalAddressLength.
type Interface struct {
	LUID                     LUID              `json:"luid"`
	Index                    uint32            `json:"index"`
	GUID                     GUID              `json:"guid"`
	Alias                    string            `json:"alias"`
	Description              string            `json:"description"`
	PhysicalAddress          HardwareAddr      `json:"mac"`
	PermanentPhysicalAddress HardwareAddr      `json:"permanent_mac"`
	MTU                      uint32            `json:"mtu"`
	Type                     IfType            `json:"type"`
	TunnelType               uint32            `json:"tunnel_type"`
	MediaType                uint32            `json:"media_type"`
	PhysicalMediumType       uint32            `json:"physical_medium_type"`
	AccessType               uint32            `json:"access_type"`
	DirectionType            uint32            `json:"direction_type"`
	Flags                    uint8             `json:"flags"` // InterfaceAndOperStatusFlags: FlagHardwareInterface and the others
	OperStatus               OperStatus        `json:"oper_status"`
	AdminStatus              AdminStatus       `json:"admin_status"`
	MediaConnectState        MediaConnectState `json:"media_connect_state"`
	NetworkGUID              GUID              `json:"network_guid"`
	ConnectionType           uint32            `json:"connection_type"`
	TransmitLinkSpeed        uint64            `json:"transmit_link_speed"` // bits per second
	ReceiveLinkSpeed         uint64            `json:"receive_link_speed"`
	Counters                 Counters          `json:"counters"`
}

// An InterfaceTable is a validated view of a MIB_IF_TABLE2 buffer: it
// reads the caller's buffer, and is valid only while it is unchanged.
type InterfaceTable struct{ rows []byte }

// ParseInterfaces validates b as a MIB_IF_TABLE2: NumEntries, four bytes
// of padding and NumEntries rows of 1352 bytes; bytes after the last row
// are ignored. It does not copy b and allocates nothing but an error.
func ParseInterfaces(b []byte) (InterfaceTable, error) {
	rows, err := Interfaces.rows(b)
	return InterfaceTable{rows}, err
}

// Len returns the number of rows.
func (t InterfaceTable) Len() int { return len(t.rows) / ifRowSize }

// Row returns row i, or the zero InterfaceRow when i is out of range.
func (t InterfaceTable) Row(i int) InterfaceRow {
	if i < 0 || i >= t.Len() {
		return InterfaceRow{}
	}
	return InterfaceRow{t.rows[i*ifRowSize : (i+1)*ifRowSize]}
}

// All yields each row with its index, in buffer order.
func (t InterfaceTable) All() iter.Seq2[int, InterfaceRow] {
	return func(yield func(int, InterfaceRow) bool) {
		for i := range t.Len() {
			if !yield(i, InterfaceRow{t.rows[i*ifRowSize : (i+1)*ifRowSize]}) {
				return
			}
		}
	}
}

// AppendInterfaces appends the value of every row to dst and returns the
// extended slice; it allocates only when dst lacks the room, and then once.
func (t InterfaceTable) AppendInterfaces(dst []Interface) []Interface {
	dst = slices.Grow(dst, t.Len())
	for _, r := range t.All() {
		dst = append(dst, r.Interface())
	}
	return dst
}

// An InterfaceRow is a zero-copy view of one MIB_IF_ROW2. Its accessors
// read the member each time; the zero InterfaceRow reads as zeros.
type InterfaceRow struct{ b []byte }

// LUID returns InterfaceLuid.
func (r InterfaceRow) LUID() LUID { return LUID(mib.Int64(r.b, ifLUID)) }

// Index returns InterfaceIndex, the number a socket's scope ID and a
// route's InterfaceIndex refer to.
func (r InterfaceRow) Index() uint32 { return mib.DWORD(r.b, ifIndex) }

// GUID returns InterfaceGuid.
func (r InterfaceRow) GUID() GUID { return guid(r.b, ifGUID) }

// Alias returns Alias, the interface's name, such as "Ethernet" or
// "Wi-Fi". It allocates.
func (r InterfaceRow) Alias() string { return wstring(r.b, ifAlias) }

// Description returns Description, such as "Intel(R) Ethernet Connection
// I219-LM". It allocates.
func (r InterfaceRow) Description() string { return wstring(r.b, ifDescription) }

// PhysicalAddress returns PhysicalAddressLength and PhysicalAddress.
func (r InterfaceRow) PhysicalAddress() HardwareAddr {
	return hardwareAddr(r.b, ifPhysicalAddress, ifPhysicalAddressLength)
}

// PermanentPhysicalAddress returns PhysicalAddressLength and
// PermanentPhysicalAddress.
func (r InterfaceRow) PermanentPhysicalAddress() HardwareAddr {
	return hardwareAddr(r.b, ifPermanentPhysicalAddress, ifPhysicalAddressLength)
}

// MTU returns Mtu.
func (r InterfaceRow) MTU() uint32 { return mib.DWORD(r.b, ifMTU) }

// Type returns Type.
func (r InterfaceRow) Type() IfType { return IfType(mib.DWORD(r.b, ifType)) }

// OperStatus returns OperStatus.
func (r InterfaceRow) OperStatus() OperStatus { return OperStatus(mib.DWORD(r.b, ifOperStatus)) }

// AdminStatus returns AdminStatus.
func (r InterfaceRow) AdminStatus() AdminStatus { return AdminStatus(mib.DWORD(r.b, ifAdminStatus)) }

// MediaConnectState returns MediaConnectState.
func (r InterfaceRow) MediaConnectState() MediaConnectState {
	return MediaConnectState(mib.DWORD(r.b, ifMediaConnectState))
}

// Flags returns InterfaceAndOperStatusFlags.
func (r InterfaceRow) Flags() uint8 { return u8(r.b, ifFlags) }

// TransmitLinkSpeed returns TransmitLinkSpeed, in bits per second.
func (r InterfaceRow) TransmitLinkSpeed() uint64 { return uint64(mib.Int64(r.b, ifTransmitLinkSpeed)) }

// ReceiveLinkSpeed returns ReceiveLinkSpeed, in bits per second.
func (r InterfaceRow) ReceiveLinkSpeed() uint64 { return uint64(mib.Int64(r.b, ifReceiveLinkSpeed)) }

// Interface returns every member of the row as a value. The zero
// InterfaceRow gives the zero Interface.
func (r InterfaceRow) Interface() Interface {
	if len(r.b) != ifRowSize {
		return Interface{}
	}
	v := Interface{
		LUID: r.LUID(), Index: r.Index(), GUID: r.GUID(), Alias: r.Alias(), Description: r.Description(),
		PhysicalAddress: r.PhysicalAddress(), PermanentPhysicalAddress: r.PermanentPhysicalAddress(),
		MTU: r.MTU(), Type: r.Type(),
		TunnelType: mib.DWORD(r.b, ifTunnelType), MediaType: mib.DWORD(r.b, ifMediaType),
		PhysicalMediumType: mib.DWORD(r.b, ifPhysicalMediumType), AccessType: mib.DWORD(r.b, ifAccessType),
		DirectionType: mib.DWORD(r.b, ifDirectionType), Flags: r.Flags(),
		OperStatus: r.OperStatus(), AdminStatus: r.AdminStatus(), MediaConnectState: r.MediaConnectState(),
		NetworkGUID: guid(r.b, ifNetworkGUID), ConnectionType: mib.DWORD(r.b, ifConnectionType),
		TransmitLinkSpeed: r.TransmitLinkSpeed(), ReceiveLinkSpeed: r.ReceiveLinkSpeed(),
	}
	for i, c := range v.Counters.all() {
		*c = uint64(mib.Int64(r.b, ifCounters+8*i))
	}
	return v
}

// u8 reads the byte at off, or 0 when the row does not hold it.
func u8(row []byte, off int) uint8 {
	if off < 0 || off >= len(row) {
		return 0
	}
	return row[off]
}

// guid reads the 16 bytes at off.
func guid(row []byte, off int) (g GUID) {
	if off >= 0 && off <= len(row)-16 {
		copy(g[:], row[off:off+16])
	}
	return g
}

// hardwareAddr reads the ULONG length at lenOff and as many bytes of the
// 32-byte address at off: the bytes past the length, which producers
// leave as they were, read as zero.
func hardwareAddr(row []byte, off, lenOff int) (h HardwareAddr) {
	h.Len = mib.DWORD(row, lenOff)
	if off >= 0 && off <= len(row)-MaxHardwareAddrLen {
		copy(h.Addr[:min(h.Len, MaxHardwareAddrLen)], row[off:])
	}
	return h
}

// wstring decodes the WCHAR[257] at off up to its first NUL, or all 257
// WCHARs when it has none.
func wstring(row []byte, off int) string {
	if off < 0 || off > len(row)-2*ifStringChars {
		return ""
	}
	var u [ifStringChars]uint16
	n := 0
	for ; n < ifStringChars; n++ {
		c := uint16(row[off+2*n]) | uint16(row[off+2*n+1])<<8
		if c == 0 {
			break
		}
		u[n] = c
	}
	return string(utf16.Decode(u[:n]))
}
