package tcpmib

import (
	"fmt"
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
)

// A Layout identifies one of the table layouts GetExtendedTcpTable,
// GetTcpTable2 and GetTcp6Table2 (and GetTcp6Table) write. Each has its own
// header, row size and member offsets; [Table] and [Row] serve them all,
// and the [netmib.Socket] a row decodes to says which members it has.
type Layout uint8

// The table layouts, named for the address family and the owner data their
// rows carry. The comment after each is the SDK name of the table and the
// classes that return it.
const (
	IPv4Basic       Layout = iota + 1 // MIB_TCPTABLE: AF_INET, TCP_TABLE_BASIC_*
	IPv4OwnerPID                      // MIB_TCPTABLE_OWNER_PID: AF_INET, TCP_TABLE_OWNER_PID_*
	IPv4OwnerModule                   // MIB_TCPTABLE_OWNER_MODULE: AF_INET, TCP_TABLE_OWNER_MODULE_*
	IPv6Basic                         // MIB_TCP6TABLE: GetTcp6Table, and Wine for AF_INET6, TCP_TABLE_BASIC_*
	IPv6OwnerPID                      // MIB_TCP6TABLE_OWNER_PID: AF_INET6, TCP_TABLE_OWNER_PID_*
	IPv6OwnerModule                   // MIB_TCP6TABLE_OWNER_MODULE: AF_INET6, TCP_TABLE_OWNER_MODULE_*
	IPv4Table2                        // MIB_TCPTABLE2: GetTcpTable2
	IPv6Table2                        // MIB_TCP6TABLE2: GetTcp6Table2
)

// The layouts, from the SDK's tcpmib.h, which the reactos, mingw-w64 and
// wine headers repeat member for member (docs/wire.md says more). Offsets are the
// same for 32- and 64-bit producers: no member is pointer-sized, and the
// 8-byte members of the OWNER_MODULE rows are 8-aligned under MSVC on both,
// which is also why those tables start their rows at offset 8. Every table
// starts with DWORD dwNumEntries.
//
//	typedef struct _MIB_TCPROW {             // MIB_TCPTABLE, rows at 4
//	  DWORD dwState;                         // 0
//	  DWORD dwLocalAddr;                     // 4
//	  DWORD dwLocalPort;                     // 8
//	  DWORD dwRemoteAddr;                    // 12
//	  DWORD dwRemotePort;                    // 16
//	} MIB_TCPROW;                            // 20 bytes
//
//	typedef struct _MIB_TCPROW_OWNER_PID {   // MIB_TCPTABLE_OWNER_PID, rows at 4
//	  DWORD dwState;                         // 0
//	  DWORD dwLocalAddr;                     // 4
//	  DWORD dwLocalPort;                     // 8
//	  DWORD dwRemoteAddr;                    // 12
//	  DWORD dwRemotePort;                    // 16
//	  DWORD dwOwningPid;                     // 20
//	} MIB_TCPROW_OWNER_PID;                  // 24 bytes
//
//	typedef struct _MIB_TCPROW_OWNER_MODULE { // MIB_TCPTABLE_OWNER_MODULE, rows at 8
//	  DWORD dwState;                         // 0
//	  DWORD dwLocalAddr;                     // 4
//	  DWORD dwLocalPort;                     // 8
//	  DWORD dwRemoteAddr;                    // 12
//	  DWORD dwRemotePort;                    // 16
//	  DWORD dwOwningPid;                     // 20
//	  LARGE_INTEGER liCreateTimestamp;       // 24
//	  ULONGLONG OwningModuleInfo[16];        // 32
//	} MIB_TCPROW_OWNER_MODULE;               // 160 bytes
//
//	typedef struct _MIB_TCP6ROW {            // MIB_TCP6TABLE, rows at 4
//	  MIB_TCP_STATE State;                   // 0
//	  IN6_ADDR LocalAddr;                    // 4
//	  DWORD dwLocalScopeId;                  // 20
//	  DWORD dwLocalPort;                     // 24
//	  IN6_ADDR RemoteAddr;                   // 28
//	  DWORD dwRemoteScopeId;                 // 44
//	  DWORD dwRemotePort;                    // 48
//	} MIB_TCP6ROW;                           // 52 bytes
//
//	typedef struct _MIB_TCP6ROW_OWNER_PID {  // MIB_TCP6TABLE_OWNER_PID, rows at 4
//	  UCHAR ucLocalAddr[16];                 // 0
//	  DWORD dwLocalScopeId;                  // 16
//	  DWORD dwLocalPort;                     // 20
//	  UCHAR ucRemoteAddr[16];                // 24
//	  DWORD dwRemoteScopeId;                 // 40
//	  DWORD dwRemotePort;                    // 44
//	  DWORD dwState;                         // 48
//	  DWORD dwOwningPid;                     // 52
//	} MIB_TCP6ROW_OWNER_PID;                 // 56 bytes
//
//	typedef struct _MIB_TCP6ROW_OWNER_MODULE { // MIB_TCP6TABLE_OWNER_MODULE, rows at 8
//	  UCHAR ucLocalAddr[16];                 // 0
//	  DWORD dwLocalScopeId;                  // 16
//	  DWORD dwLocalPort;                     // 20
//	  UCHAR ucRemoteAddr[16];                // 24
//	  DWORD dwRemoteScopeId;                 // 40
//	  DWORD dwRemotePort;                    // 44
//	  DWORD dwState;                         // 48
//	  DWORD dwOwningPid;                     // 52
//	  LARGE_INTEGER liCreateTimestamp;       // 56
//	  ULONGLONG OwningModuleInfo[16];        // 64
//	} MIB_TCP6ROW_OWNER_MODULE;              // 192 bytes
//
//	typedef struct _MIB_TCPROW2 {            // MIB_TCPTABLE2, rows at 4
//	  DWORD dwState;                         // 0
//	  DWORD dwLocalAddr;                     // 4
//	  DWORD dwLocalPort;                     // 8
//	  DWORD dwRemoteAddr;                    // 12
//	  DWORD dwRemotePort;                    // 16
//	  DWORD dwOwningPid;                     // 20
//	  TCP_CONNECTION_OFFLOAD_STATE dwOffloadState; // 24
//	} MIB_TCPROW2;                           // 28 bytes
//
//	typedef struct _MIB_TCP6ROW2 {           // MIB_TCP6TABLE2, rows at 4
//	  IN6_ADDR LocalAddr;                    // 0
//	  DWORD dwLocalScopeId;                  // 16
//	  DWORD dwLocalPort;                     // 20
//	  IN6_ADDR RemoteAddr;                   // 24
//	  DWORD dwRemoteScopeId;                 // 40
//	  DWORD dwRemotePort;                    // 44
//	  MIB_TCP_STATE State;                   // 48
//	  DWORD dwOwningPid;                     // 52
//	  TCP_CONNECTION_OFFLOAD_STATE dwOffloadState; // 56
//	} MIB_TCP6ROW2;                          // 60 bytes
//
// MIB_TCP6ROW puts the state first, the other IPv6 rows after the
// addresses. mingw-w64's tcpmib.h declares MIB_TCPROW2 without
// dwOwningPid, 24 bytes; the SDK's documentation, Wine's and ReactOS's
// headers, and the tables Wine writes have it (docs/wire.md §3).
//
// MIB_TCP6ROW_OWNER_MODULE is the table this package is for: the bulk
// decoders read it at the constants of ownerModule6, which
// TestOwnerModule6MatchesLayout checks against its entry below.

const no = mib.Absent

// layouts describes each Layout; the zero Layout, of the zero Table and
// Row, has no members.
var layouts = [...]mib.Layout{
	0: mib.None,
	IPv4Basic: {Name: "MIB_TCPTABLE", HeaderSize: 4, RowSize: 20,
		State: 0, LocalAddr: 4, LocalScopeID: no, LocalPort: 8, RemoteAddr: 12, RemoteScopeID: no, RemotePort: 16,
		PID: no, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv4OwnerPID: {Name: "MIB_TCPTABLE_OWNER_PID", HeaderSize: 4, RowSize: 24,
		State: 0, LocalAddr: 4, LocalScopeID: no, LocalPort: 8, RemoteAddr: 12, RemoteScopeID: no, RemotePort: 16,
		PID: 20, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv4OwnerModule: {Name: "MIB_TCPTABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 160,
		State: 0, LocalAddr: 4, LocalScopeID: no, LocalPort: 8, RemoteAddr: 12, RemoteScopeID: no, RemotePort: 16,
		PID: 20, CreateTimestamp: 24, Flags: no, OffloadState: no, ModuleInfo: 32},
	IPv6Basic: {Name: "MIB_TCP6TABLE", HeaderSize: 4, RowSize: 52, IPv6: true,
		State: 0, LocalAddr: 4, LocalScopeID: 20, LocalPort: 24, RemoteAddr: 28, RemoteScopeID: 44, RemotePort: 48,
		PID: no, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv6OwnerPID: {Name: "MIB_TCP6TABLE_OWNER_PID", HeaderSize: 4, RowSize: 56, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, RemoteAddr: 24, RemoteScopeID: 40, RemotePort: 44,
		State: 48, PID: 52, CreateTimestamp: no, Flags: no, OffloadState: no, ModuleInfo: no},
	IPv6OwnerModule: {Name: "MIB_TCP6TABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 192, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, RemoteAddr: 24, RemoteScopeID: 40, RemotePort: 44,
		State: 48, PID: 52, CreateTimestamp: 56, Flags: no, OffloadState: no, ModuleInfo: 64},
	IPv4Table2: {Name: "MIB_TCPTABLE2", HeaderSize: 4, RowSize: 28,
		State: 0, LocalAddr: 4, LocalScopeID: no, LocalPort: 8, RemoteAddr: 12, RemoteScopeID: no, RemotePort: 16,
		PID: 20, CreateTimestamp: no, Flags: no, OffloadState: 24, ModuleInfo: no},
	IPv6Table2: {Name: "MIB_TCP6TABLE2", HeaderSize: 4, RowSize: 60, IPv6: true,
		LocalAddr: 0, LocalScopeID: 16, LocalPort: 20, RemoteAddr: 24, RemoteScopeID: 40, RemotePort: 44,
		State: 48, PID: 52, CreateTimestamp: no, Flags: no, OffloadState: 56, ModuleInfo: no},
}

// Layouts returns every Layout this package defines.
func Layouts() []Layout {
	return []Layout{IPv4Basic, IPv4OwnerPID, IPv4OwnerModule, IPv6Basic, IPv6OwnerPID, IPv6OwnerModule, IPv4Table2, IPv6Table2}
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
// "MIB_TCP6TABLE_OWNER_MODULE", or "Layout(n)" for an undefined value.
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

// A Class is the TableClass argument of GetExtendedTcpTable: which sockets
// (listeners, connections or all) and which owner data the rows carry. It
// is the TCP_TABLE_CLASS enumeration of iprtrmib.h.
type Class uint32

// The TCP_TABLE_CLASS values. The comment after each is the SDK name.
const (
	BasicListener          Class = 0 // TCP_TABLE_BASIC_LISTENER
	BasicConnections       Class = 1 // TCP_TABLE_BASIC_CONNECTIONS
	BasicAll               Class = 2 // TCP_TABLE_BASIC_ALL
	OwnerPIDListener       Class = 3 // TCP_TABLE_OWNER_PID_LISTENER
	OwnerPIDConnections    Class = 4 // TCP_TABLE_OWNER_PID_CONNECTIONS
	OwnerPIDAll            Class = 5 // TCP_TABLE_OWNER_PID_ALL
	OwnerModuleListener    Class = 6 // TCP_TABLE_OWNER_MODULE_LISTENER
	OwnerModuleConnections Class = 7 // TCP_TABLE_OWNER_MODULE_CONNECTIONS
	OwnerModuleAll         Class = 8 // TCP_TABLE_OWNER_MODULE_ALL
)

var classNames = [...]string{
	"BasicListener", "BasicConnections", "BasicAll",
	"OwnerPIDListener", "OwnerPIDConnections", "OwnerPIDAll",
	"OwnerModuleListener", "OwnerModuleConnections", "OwnerModuleAll",
}

// String returns the constant's name, such as "OwnerModuleAll", or
// "Class(n)".
func (c Class) String() string {
	if c < Class(len(classNames)) {
		return classNames[c]
	}
	return "Class(" + strconv.FormatUint(uint64(c), 10) + ")"
}

// Table2LayoutOf returns the layout of the table GetTcpTable2 (for IPv4)
// or GetTcp6Table2 (for IPv6) writes: MIB_TCPTABLE2 or MIB_TCP6TABLE2. Any
// other f gives an error wrapping [netmib.ErrUnknownLayout].
func Table2LayoutOf(f netmib.Family) (Layout, error) {
	switch f {
	case netmib.IPv4:
		return IPv4Table2, nil
	case netmib.IPv6:
		return IPv6Table2, nil
	}
	return 0, fmt.Errorf("%w: GetTcpTable2 or GetTcp6Table2 for family %v", netmib.ErrUnknownLayout, f)
}

// LayoutOf returns the layout of the table GetExtendedTcpTable writes for
// family f and class c: the BASIC classes give MIB_TCPTABLE or MIB_TCP6TABLE
// (Windows refuses BASIC with AF_INET6, ERROR_NOT_SUPPORTED; Wine and
// GetTcp6Table return MIB_TCP6TABLE), the OWNER_PID classes the OWNER_PID
// tables and the OWNER_MODULE classes the OWNER_MODULE tables. Any other f
// or c gives an error wrapping [netmib.ErrUnknownLayout].
func LayoutOf(f netmib.Family, c Class) (Layout, error) {
	if c > OwnerModuleAll || (f != netmib.IPv4 && f != netmib.IPv6) {
		return 0, fmt.Errorf("%w: GetExtendedTcpTable family %v, class %v", netmib.ErrUnknownLayout, f, c)
	}
	l := IPv4Basic + Layout(c/3) // three classes (listener, connections, all) per layout
	if f == netmib.IPv6 {
		l += IPv6Basic - IPv4Basic
	}
	return l, nil
}
