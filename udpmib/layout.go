package udpmib

import (
	"fmt"
	"strconv"

	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/tcpmib"
)

// A Family is the address family argument (ulAf) of GetExtendedUdpTable,
// the same type as tcpmib's.
type Family = tcpmib.Family

// The address families GetExtendedUdpTable accepts (ws2def.h).
const (
	IPv4 = tcpmib.IPv4 // AF_INET
	IPv6 = tcpmib.IPv6 // AF_INET6
)

// A Class is the TableClass argument of GetExtendedUdpTable: the
// UDP_TABLE_CLASS enumeration of iprtrmib.h.
type Class uint32

// The UDP_TABLE_CLASS values. The comment after each is the SDK name.
const (
	Basic       Class = 0 // UDP_TABLE_BASIC
	OwnerPID    Class = 1 // UDP_TABLE_OWNER_PID
	OwnerModule Class = 2 // UDP_TABLE_OWNER_MODULE
)

// String returns "Basic", "OwnerPID", "OwnerModule", or "Class(n)".
func (c Class) String() string {
	switch c {
	case Basic:
		return "Basic"
	case OwnerPID:
		return "OwnerPID"
	case OwnerModule:
		return "OwnerModule"
	}
	return "Class(" + strconv.FormatUint(uint64(c), 10) + ")"
}

// A Layout identifies one of the table layouts GetExtendedUdpTable writes.
type Layout uint8

// The table layouts. The comment after each is the SDK name of the table.
const (
	IPv4Basic       Layout = iota + 1 // MIB_UDPTABLE: AF_INET, UDP_TABLE_BASIC
	IPv4OwnerPID                      // MIB_UDPTABLE_OWNER_PID: AF_INET, UDP_TABLE_OWNER_PID
	IPv4OwnerModule                   // MIB_UDPTABLE_OWNER_MODULE: AF_INET, UDP_TABLE_OWNER_MODULE
	IPv6Basic                         // MIB_UDP6TABLE: AF_INET6, UDP_TABLE_BASIC
	IPv6OwnerPID                      // MIB_UDP6TABLE_OWNER_PID: AF_INET6, UDP_TABLE_OWNER_PID
	IPv6OwnerModule                   // MIB_UDP6TABLE_OWNER_MODULE: AF_INET6, UDP_TABLE_OWNER_MODULE
)

// The layouts, from udpmib.h [SDK] (the same in reactos, mingw-w64 and
// wine). The OWNER_MODULE rows align liCreateTimestamp and
// OwningModuleInfo to 8 bytes, on 32- and 64-bit producers alike, which
// leaves two 4-byte holes in each and starts the rows at offset 8.
//
//	typedef struct _MIB_UDPROW {               // MIB_UDPTABLE, rows at 4
//	  DWORD dwLocalAddr;                       // 0
//	  DWORD dwLocalPort;                       // 4
//	} MIB_UDPROW;                              // 8 bytes
//
//	typedef struct _MIB_UDPROW_OWNER_PID {     // MIB_UDPTABLE_OWNER_PID, rows at 4
//	  DWORD dwLocalAddr;                       // 0
//	  DWORD dwLocalPort;                       // 4
//	  DWORD dwOwningPid;                       // 8
//	} MIB_UDPROW_OWNER_PID;                    // 12 bytes
//
//	typedef struct _MIB_UDPROW_OWNER_MODULE {  // MIB_UDPTABLE_OWNER_MODULE, rows at 8
//	  DWORD dwLocalAddr;                       // 0
//	  DWORD dwLocalPort;                       // 4
//	  DWORD dwOwningPid;                       // 8
//	                                           // 12: padding
//	  LARGE_INTEGER liCreateTimestamp;         // 16
//	  union {
//	    struct { int SpecificPortBind : 1; };
//	    int dwFlags;                           // 24
//	  };
//	                                           // 28: padding
//	  ULONGLONG OwningModuleInfo[16];          // 32
//	} MIB_UDPROW_OWNER_MODULE;                 // 160 bytes
//
//	typedef struct _MIB_UDP6ROW {              // MIB_UDP6TABLE, rows at 4
//	  IN6_ADDR dwLocalAddr;                    // 0
//	  DWORD dwLocalScopeId;                    // 16
//	  DWORD dwLocalPort;                       // 20
//	} MIB_UDP6ROW;                             // 24 bytes
//
//	typedef struct _MIB_UDP6ROW_OWNER_PID {    // MIB_UDP6TABLE_OWNER_PID, rows at 4
//	  UCHAR ucLocalAddr[16];                   // 0
//	  DWORD dwLocalScopeId;                    // 16
//	  DWORD dwLocalPort;                       // 20
//	  DWORD dwOwningPid;                       // 24
//	} MIB_UDP6ROW_OWNER_PID;                   // 28 bytes
//
//	typedef struct _MIB_UDP6ROW_OWNER_MODULE { // MIB_UDP6TABLE_OWNER_MODULE, rows at 8
//	  UCHAR ucLocalAddr[16];                   // 0
//	  DWORD dwLocalScopeId;                    // 16
//	  DWORD dwLocalPort;                       // 20
//	  DWORD dwOwningPid;                       // 24
//	                                           // 28: padding
//	  LARGE_INTEGER liCreateTimestamp;         // 32
//	  union { struct { int SpecificPortBind : 1; }; int dwFlags; }; // 40
//	                                           // 44: padding
//	  ULONGLONG OwningModuleInfo[16];          // 48
//	} MIB_UDP6ROW_OWNER_MODULE;                // 176 bytes
const no = mib.Absent

var layouts = [...]*mib.Layout{
	IPv4Basic: mib.Define(mib.Spec{
		ID: uint8(IPv4Basic), Pkg: pkg, Name: "MIB_UDPTABLE", HeaderSize: 4, RowSize: 8,
		LocalAddr: 0, LocalScope: no, LocalPort: 4, RemoteAddr: no, RemoteScope: no, RemotePort: no,
		State: no, PID: no, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv4OwnerPID: mib.Define(mib.Spec{
		ID: uint8(IPv4OwnerPID), Pkg: pkg, Name: "MIB_UDPTABLE_OWNER_PID", HeaderSize: 4, RowSize: 12,
		LocalAddr: 0, LocalScope: no, LocalPort: 4, RemoteAddr: no, RemoteScope: no, RemotePort: no,
		State: no, PID: 8, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv4OwnerModule: mib.Define(mib.Spec{
		ID: uint8(IPv4OwnerModule), Pkg: pkg, Name: "MIB_UDPTABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 160,
		LocalAddr: 0, LocalScope: no, LocalPort: 4, RemoteAddr: no, RemoteScope: no, RemotePort: no,
		State: no, PID: 8, Timestamp: 16, Flags: 24, ModuleInfo: 32,
	}),
	IPv6Basic: mib.Define(mib.Spec{
		ID: uint8(IPv6Basic), Pkg: pkg, Name: "MIB_UDP6TABLE", HeaderSize: 4, RowSize: 24, IPv6: true,
		LocalAddr: 0, LocalScope: 16, LocalPort: 20, RemoteAddr: no, RemoteScope: no, RemotePort: no,
		State: no, PID: no, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv6OwnerPID: mib.Define(mib.Spec{
		ID: uint8(IPv6OwnerPID), Pkg: pkg, Name: "MIB_UDP6TABLE_OWNER_PID", HeaderSize: 4, RowSize: 28, IPv6: true,
		LocalAddr: 0, LocalScope: 16, LocalPort: 20, RemoteAddr: no, RemoteScope: no, RemotePort: no,
		State: no, PID: 24, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv6OwnerModule: mib.Define(mib.Spec{
		ID: uint8(IPv6OwnerModule), Pkg: pkg, Name: "MIB_UDP6TABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 176, IPv6: true,
		LocalAddr: 0, LocalScope: 16, LocalPort: 20, RemoteAddr: no, RemoteScope: no, RemotePort: no,
		State: no, PID: 24, Timestamp: 32, Flags: 40, ModuleInfo: 48,
	}),
}

const pkg = "udpmib"

// Layouts returns every Layout this package defines.
func Layouts() []Layout {
	return []Layout{IPv4Basic, IPv4OwnerPID, IPv4OwnerModule, IPv6Basic, IPv6OwnerPID, IPv6OwnerModule}
}

// LayoutOf returns the layout of the table GetExtendedUdpTable writes for
// family f and class c. Any other f or c gives an error wrapping
// [ErrUnknownLayout].
func LayoutOf(f Family, c Class) (Layout, error) {
	if c > OwnerModule || (f != IPv4 && f != IPv6) {
		return 0, fmt.Errorf("%w: family %v, class %v", ErrUnknownLayout, f, c)
	}
	l := IPv4Basic + Layout(c)
	if f == IPv6 {
		l += IPv6Basic - IPv4Basic
	}
	return l, nil
}

func (l Layout) desc() *mib.Layout {
	if int(l) >= len(layouts) {
		return nil
	}
	return layouts[l]
}

// String returns the SDK name of the table, such as
// "MIB_UDP6TABLE_OWNER_MODULE", or "Layout(n)" for an undefined value.
func (l Layout) String() string { return l.desc().NameOr(uint8(l)) }

// Family returns the address family of the layout's rows, or 0 for an
// undefined Layout.
func (l Layout) Family() Family {
	switch v6, ok := l.desc().Rows6(); {
	case !ok:
		return 0
	case v6:
		return IPv6
	}
	return IPv4
}

// RowSize returns the size in bytes of one row of the table, or 0 for an
// undefined Layout.
func (l Layout) RowSize() int {
	_, row := l.desc().Sizes()
	return row
}

// HeaderSize returns the offset of the first row: 4, or 8 for the
// OWNER_MODULE tables, whose rows hold 8-byte members. It is 0 for an
// undefined Layout.
func (l Layout) HeaderSize() int {
	header, _ := l.desc().Sizes()
	return header
}
