package sdk

import "fmt"

// The netioapi.h tables (GetIfTable2, GetUnicastIpAddressTable,
// GetIpForwardTable2, GetIpNetTable2) hold nested structs and unions, so
// they are described here as C types built from their members, and laid
// out by the same MSVC rules: a struct's members each at the next multiple
// of their alignment, a union's all at 0, and either's size rounded up to
// its largest alignment. The declarations are those of mingw-w64's
// netioapi.h, ifdef.h, ws2def.h and ws2ipdef.h, which repeat the SDK's
// member for member.

// A CType is a C type: a scalar, an array, a struct or a union.
type CType struct {
	Name        string
	Size, Align int
	Fields      []CField // the members of a struct or union, placed
}

// A CField is a member of a struct or union, placed at its offset.
type CField struct {
	Name string
	Off  int
	Type *CType
}

// A CMember is a member as declared: its name and its type.
type CMember struct {
	Name string
	Type *CType
}

func scalar(name string, size int) *CType { return &CType{Name: name, Size: size, Align: size} }

// Array returns the C type t[n].
func Array(t *CType, n int) *CType {
	return &CType{Name: fmt.Sprintf("%s[%d]", t.Name, n), Size: t.Size * n, Align: t.Align}
}

// StructOf lays out a struct of the members ms.
func StructOf(name string, ms ...CMember) *CType {
	t := &CType{Name: name, Align: 1}
	off := 0
	for _, m := range ms {
		off = alignUp(off, m.Type.Align)
		t.Fields = append(t.Fields, CField{m.Name, off, m.Type})
		off += m.Type.Size
		t.Align = max(t.Align, m.Type.Align)
	}
	t.Size = alignUp(off, t.Align)
	return t
}

// UnionOf lays out a union of the members ms.
func UnionOf(name string, ms ...CMember) *CType {
	t := &CType{Name: name, Align: 1}
	for _, m := range ms {
		t.Fields = append(t.Fields, CField{m.Name, 0, m.Type})
		t.Size = max(t.Size, m.Type.Size)
		t.Align = max(t.Align, m.Type.Align)
	}
	t.Size = alignUp(t.Size, t.Align)
	return t
}

// Field returns the member at the dotted path (such as
// "DestinationPrefix.PrefixLength") and its offset from the start of t.
func (t *CType) Field(path ...string) (CField, bool) {
	off, cur := 0, t
	var f CField
	for _, name := range path {
		found := false
		for _, c := range cur.Fields {
			if c.Name == name {
				f, found = c, true
				break
			}
		}
		if !found {
			return CField{}, false
		}
		off += f.Off
		cur = f.Type
	}
	f.Off = off
	return f, true
}

// The scalar types of the declarations. Enums are int-sized; BOOLEAN is
// a UCHAR. None is pointer-sized, so the layouts are the same on x86, x64
// and arm64.
var (
	UCHAR   = scalar("UCHAR", 1)
	BOOLEAN = scalar("BOOLEAN", 1)
	UINT8   = scalar("UINT8", 1)
	USHORT  = scalar("USHORT", 2)
	WCHAR   = scalar("WCHAR", 2)
	ULONG   = scalar("ULONG", 4)
	Enum    = scalar("enum", 4)
	ULONG64 = scalar("ULONG64", 8)
)

// The composite types the four rows use.
var (
	// NET_LUID is a union of ULONG64 Value and a struct of three ULONG64
	// bit-fields (Reserved:24, NetLuidIndex:24, IfType:16), which MSVC packs
	// into one ULONG64 (ifdef.h).
	NET_LUID = UnionOf("NET_LUID", CMember{"Value", ULONG64}, CMember{"Info", StructOf("Info", CMember{"bits", ULONG64})})
	GUID     = StructOf("GUID", CMember{"Data1", ULONG}, CMember{"Data2", USHORT}, CMember{"Data3", USHORT}, CMember{"Data4", Array(UCHAR, 8)})

	// SCOPE_ID is a union of ULONG bit-fields (Zone:28, Level:4) and ULONG
	// Value (ws2def.h).
	SCOPE_ID = StructOf("SCOPE_ID", CMember{"", UnionOf("", CMember{"bits", ULONG}, CMember{"Value", ULONG})})

	IN_ADDR     = UnionOf("IN_ADDR", CMember{"S_un_b", Array(UCHAR, 4)}, CMember{"S_addr", ULONG})
	IN6_ADDR    = UnionOf("IN6_ADDR", CMember{"Byte", Array(UCHAR, 16)}, CMember{"Word", Array(USHORT, 8)})
	SOCKADDR_IN = StructOf("SOCKADDR_IN", CMember{"sin_family", USHORT}, CMember{"sin_port", USHORT},
		CMember{"sin_addr", IN_ADDR}, CMember{"sin_zero", Array(UCHAR, 8)})
	SOCKADDR_IN6 = StructOf("SOCKADDR_IN6", CMember{"sin6_family", USHORT}, CMember{"sin6_port", USHORT},
		CMember{"sin6_flowinfo", ULONG}, CMember{"sin6_addr", IN6_ADDR},
		CMember{"sin6_scope_id", UnionOf("", CMember{"sin6_scope_id", ULONG}, CMember{"sin6_scope_struct", SCOPE_ID})})
	SOCKADDR_INET = UnionOf("SOCKADDR_INET", CMember{"Ipv4", SOCKADDR_IN}, CMember{"Ipv6", SOCKADDR_IN6},
		CMember{"si_family", USHORT})
	IP_ADDRESS_PREFIX = StructOf("IP_ADDRESS_PREFIX", CMember{"Prefix", SOCKADDR_INET}, CMember{"PrefixLength", UINT8})
)

// IF_MAX_STRING_SIZE and IF_MAX_PHYS_ADDRESS_LENGTH (ifdef.h).
const (
	ifMaxStringSize     = 256
	ifMaxPhysAddrLength = 32
)

// MIB_IF_ROW2 (netioapi.h). InterfaceAndOperStatusFlags is a struct of
// eight BOOLEAN:1 bit-fields, which MSVC packs into one BOOLEAN.
var MIB_IF_ROW2 = StructOf("MIB_IF_ROW2",
	CMember{"InterfaceLuid", NET_LUID},
	CMember{"InterfaceIndex", ULONG}, // NET_IFINDEX
	CMember{"InterfaceGuid", GUID},
	CMember{"Alias", Array(WCHAR, ifMaxStringSize+1)},
	CMember{"Description", Array(WCHAR, ifMaxStringSize+1)},
	CMember{"PhysicalAddressLength", ULONG},
	CMember{"PhysicalAddress", Array(UCHAR, ifMaxPhysAddrLength)},
	CMember{"PermanentPhysicalAddress", Array(UCHAR, ifMaxPhysAddrLength)},
	CMember{"Mtu", ULONG},
	CMember{"Type", ULONG}, // IFTYPE
	CMember{"TunnelType", Enum},
	CMember{"MediaType", Enum},
	CMember{"PhysicalMediumType", Enum},
	CMember{"AccessType", Enum},
	CMember{"DirectionType", Enum},
	CMember{"InterfaceAndOperStatusFlags", StructOf("", CMember{"bits", BOOLEAN})},
	CMember{"OperStatus", Enum},
	CMember{"AdminStatus", Enum},
	CMember{"MediaConnectState", Enum},
	CMember{"NetworkGuid", GUID},
	CMember{"ConnectionType", Enum},
	CMember{"TransmitLinkSpeed", ULONG64},
	CMember{"ReceiveLinkSpeed", ULONG64},
	CMember{"InOctets", ULONG64},
	CMember{"InUcastPkts", ULONG64},
	CMember{"InNUcastPkts", ULONG64},
	CMember{"InDiscards", ULONG64},
	CMember{"InErrors", ULONG64},
	CMember{"InUnknownProtos", ULONG64},
	CMember{"InUcastOctets", ULONG64},
	CMember{"InMulticastOctets", ULONG64},
	CMember{"InBroadcastOctets", ULONG64},
	CMember{"OutOctets", ULONG64},
	CMember{"OutUcastPkts", ULONG64},
	CMember{"OutNUcastPkts", ULONG64},
	CMember{"OutDiscards", ULONG64},
	CMember{"OutErrors", ULONG64},
	CMember{"OutUcastOctets", ULONG64},
	CMember{"OutMulticastOctets", ULONG64},
	CMember{"OutBroadcastOctets", ULONG64},
	CMember{"OutQLen", ULONG64},
)

// MIB_UNICASTIPADDRESS_ROW (netioapi.h).
var MIB_UNICASTIPADDRESS_ROW = StructOf("MIB_UNICASTIPADDRESS_ROW",
	CMember{"Address", SOCKADDR_INET},
	CMember{"InterfaceLuid", NET_LUID},
	CMember{"InterfaceIndex", ULONG},
	CMember{"PrefixOrigin", Enum},
	CMember{"SuffixOrigin", Enum},
	CMember{"ValidLifetime", ULONG},
	CMember{"PreferredLifetime", ULONG},
	CMember{"OnLinkPrefixLength", UINT8},
	CMember{"SkipAsSource", BOOLEAN},
	CMember{"DadState", Enum},
	CMember{"ScopeId", SCOPE_ID},
	CMember{"CreationTimeStamp", ULONG64}, // LARGE_INTEGER
)

// MIB_IPFORWARD_ROW2 (netioapi.h).
var MIB_IPFORWARD_ROW2 = StructOf("MIB_IPFORWARD_ROW2",
	CMember{"InterfaceLuid", NET_LUID},
	CMember{"InterfaceIndex", ULONG},
	CMember{"DestinationPrefix", IP_ADDRESS_PREFIX},
	CMember{"NextHop", SOCKADDR_INET},
	CMember{"SitePrefixLength", UCHAR},
	CMember{"ValidLifetime", ULONG},
	CMember{"PreferredLifetime", ULONG},
	CMember{"Metric", ULONG},
	CMember{"Protocol", Enum},
	CMember{"Loopback", BOOLEAN},
	CMember{"AutoconfigureAddress", BOOLEAN},
	CMember{"Publish", BOOLEAN},
	CMember{"Immortal", BOOLEAN},
	CMember{"Age", ULONG},
	CMember{"Origin", Enum},
)

// MIB_IPNET_ROW2 (netioapi.h). Flags is a union of UCHAR Flags and the
// BOOLEAN bit-fields IsRouter:1 and IsUnreachable:1; ReachabilityTime a
// union of two ULONGs.
var MIB_IPNET_ROW2 = StructOf("MIB_IPNET_ROW2",
	CMember{"Address", SOCKADDR_INET},
	CMember{"InterfaceIndex", ULONG},
	CMember{"InterfaceLuid", NET_LUID},
	CMember{"PhysicalAddress", Array(UCHAR, ifMaxPhysAddrLength)},
	CMember{"PhysicalAddressLength", ULONG},
	CMember{"State", Enum},
	CMember{"Flags", UnionOf("", CMember{"bits", StructOf("", CMember{"bits", BOOLEAN})}, CMember{"Flags", UCHAR})},
	CMember{"ReachabilityTime", UnionOf("", CMember{"LastReachable", ULONG}, CMember{"LastUnreachable", ULONG})},
)

// A NetTable is one of the netioapi.h tables: ULONG NumEntries, then the
// rows, the first at NumEntries' size rounded up to the row's alignment.
type NetTable struct {
	Table, Function string
	Row             *CType
}

// HeaderSize is the offset of the first row.
func (t NetTable) HeaderSize() int { return alignUp(ULONG.Size, t.Row.Align) }

// Net lists the four tables.
var Net = []NetTable{
	{"MIB_IF_TABLE2", "GetIfTable2", MIB_IF_ROW2},
	{"MIB_UNICASTIPADDRESS_TABLE", "GetUnicastIpAddressTable", MIB_UNICASTIPADDRESS_ROW},
	{"MIB_IPFORWARD_TABLE2", "GetIpForwardTable2", MIB_IPFORWARD_ROW2},
	{"MIB_IPNET_TABLE2", "GetIpNetTable2", MIB_IPNET_ROW2},
}
