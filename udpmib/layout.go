package udpmib

import (
	"fmt"
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
)

// A Layout identifies one of the table layouts GetExtendedUdpTable writes.
// Each has its own header, row size and member offsets; [Table] and [Row]
// serve them all, and the [netmib.Socket] a row decodes to says which
// members it has.
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

// The layouts, from the SDK's udpmib.h, which the reactos, mingw-w64 and
// wine headers repeat member for member (docs/wire.md says more). The
// OWNER_MODULE rows align liCreateTimestamp and OwningModuleInfo to 8
// bytes, on 32- and 64-bit producers alike, which leaves two 4-byte holes
// in each and starts the rows at offset 8.
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
//
// MIB_UDP6ROW_OWNER_MODULE is the table a UDP OWNER_MODULE fetch returns
// for IPv6: the bulk decoders read it at the constants of ownerModule6,
// which TestOwnerModule6MatchesLayout checks against its entry below.

const no = mib.Absent

// layouts describes each Layout; the zero Layout, of the zero Table and
// Row, has no members.
var layouts = [...]mib.Layout{
	0: mib.None,
	IPv4Basic: {Name: "MIB_UDPTABLE", HeaderSize: 4, RowSize: 8,
		LocalAddr: 0, LocalScopeID: no, LocalPort: 4, RemoteAddr: no, RemoteScopeID: no, RemotePort: no,
		State: no, PID: no, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv4OwnerPID: {Name: "MIB_UDPTABLE_OWNER_PID", HeaderSize: 4, RowSize: 12,
		LocalAddr: 0, LocalScopeID: no, LocalPort: 4, RemoteAddr: no, RemoteScopeID: no, RemotePort: no,
		State: no, PID: 8, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv4OwnerModule: {Name: "MIB_UDPTABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 160,
		LocalAddr: 0, LocalScopeID: no, LocalPort: 4, RemoteAddr: no, RemoteScopeID: no, RemotePort: no,
		State: no, PID: 8, CreateTimestamp: 16, Flags: 24, OffloadState: no, ModuleInfo: 32},
	IPv6Basic: {Name: "MIB_UDP6TABLE", HeaderSize: 4, RowSize: 24, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, RemoteAddr: no, RemoteScopeID: no, RemotePort: no,
		State: no, PID: no, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv6OwnerPID: {Name: "MIB_UDP6TABLE_OWNER_PID", HeaderSize: 4, RowSize: 28, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, RemoteAddr: no, RemoteScopeID: no, RemotePort: no,
		State: no, PID: 24, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv6OwnerModule: {Name: "MIB_UDP6TABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 176, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, RemoteAddr: no, RemoteScopeID: no, RemotePort: no,
		State: no, PID: 24, CreateTimestamp: 32, Flags: 40, OffloadState: no, ModuleInfo: 48},
}

// Layouts returns every Layout this package defines.
func Layouts() []Layout {
	return []Layout{IPv4Basic, IPv4OwnerPID, IPv4OwnerModule, IPv6Basic, IPv6OwnerPID, IPv6OwnerModule}
}

// desc returns the description of l, or nil when l is not a Layout this
// package defines.
func (l Layout) desc() *mib.Layout {
	if l == 0 || int(l) >= len(layouts) {
		return nil
	}
	return &layouts[l]
}

// String returns the SDK name of the table, such as
// "MIB_UDP6TABLE_OWNER_MODULE", or "Layout(n)" for an undefined value.
func (l Layout) String() string {
	if d := l.desc(); d != nil {
		return d.Name
	}
	return "Layout(" + strconv.Itoa(int(l)) + ")"
}

// Family returns the address family of the layout's rows, or 0 for an
// undefined Layout.
func (l Layout) Family() netmib.Family {
	switch d := l.desc(); {
	case d == nil:
		return 0
	case d.IPv6:
		return netmib.IPv6
	}
	return netmib.IPv4
}

// RowSize returns the size in bytes of one row of the table, or 0 for an
// undefined Layout.
func (l Layout) RowSize() int {
	if d := l.desc(); d != nil {
		return d.RowSize
	}
	return 0
}

// Fields returns the members of a [netmib.Socket] that rows of layout l
// carry, or 0 for an undefined Layout.
func (l Layout) Fields() netmib.Fields {
	if d := l.desc(); d != nil {
		return d.Fields()
	}
	return 0
}

// HeaderSize returns the offset of the first row: 4, or 8 for the
// OWNER_MODULE tables, whose rows hold 8-byte members. It is 0 for an
// undefined Layout.
func (l Layout) HeaderSize() int {
	if d := l.desc(); d != nil {
		return d.HeaderSize
	}
	return 0
}

// A Class is the TableClass argument of GetExtendedUdpTable: the
// UDP_TABLE_CLASS enumeration of iprtrmib.h.
type Class uint32

// The UDP_TABLE_CLASS values. The comment after each is the SDK name.
const (
	Basic       Class = 0 // UDP_TABLE_BASIC
	OwnerPID    Class = 1 // UDP_TABLE_OWNER_PID
	OwnerModule Class = 2 // UDP_TABLE_OWNER_MODULE
)

var classNames = [...]string{"Basic", "OwnerPID", "OwnerModule"}

// String returns the constant's name, such as "OwnerModule", or
// "Class(n)".
func (c Class) String() string {
	if c < Class(len(classNames)) {
		return classNames[c]
	}
	return "Class(" + strconv.FormatUint(uint64(c), 10) + ")"
}

// LayoutOf returns the layout of the table GetExtendedUdpTable writes for
// family f and class c. Any other f or c gives an error wrapping
// [netmib.ErrUnknownLayout].
func LayoutOf(f netmib.Family, c Class) (Layout, error) {
	if c > OwnerModule || (f != netmib.IPv4 && f != netmib.IPv6) {
		return 0, fmt.Errorf("%w: GetExtendedUdpTable family %v, class %v", netmib.ErrUnknownLayout, f, c)
	}
	l := IPv4Basic + Layout(c)
	if f == netmib.IPv6 {
		l += IPv6Basic - IPv4Basic
	}
	return l, nil
}
