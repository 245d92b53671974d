package tcpmib

import (
	"fmt"

	"github.com/netmib/netmib/internal/mib"
)

// A Layout identifies one of the table layouts GetExtendedTcpTable (and
// GetTcp6Table) write. Each has its own header, row size and member
// offsets; [Table], [Row] and [Entry] serve them all, and a member a layout
// lacks reads as zero.
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
)

// The layouts, from tcpmib.h [SDK]; the same in the reactos, mingw-w64 and
// wine headers. Offsets are the same for 32- and 64-bit producers: no
// member is pointer-sized, and the 8-byte members of the OWNER_MODULE rows
// are 8-aligned under MSVC on both, which is also why those tables start
// their rows at offset 8. Every table starts with DWORD dwNumEntries.
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
//	  DWORD dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort; // 0-16, as MIB_TCPROW
//	  DWORD dwOwningPid;                     // 20
//	} MIB_TCPROW_OWNER_PID;                  // 24 bytes
//
//	typedef struct _MIB_TCPROW_OWNER_MODULE { // MIB_TCPTABLE_OWNER_MODULE, rows at 8
//	  DWORD dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort; // 0-16
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
// Note the order: MIB_TCP6ROW puts the state first, the OWNER rows after
// the addresses (SPEC section 7).
const no = mib.Absent

var layouts = [...]*mib.Layout{
	IPv4Basic: mib.Define(mib.Spec{
		ID: uint8(IPv4Basic), Pkg: pkg, Name: "MIB_TCPTABLE", HeaderSize: 4, RowSize: 20,
		State: 0, LocalAddr: 4, LocalScope: no, LocalPort: 8, RemoteAddr: 12, RemoteScope: no, RemotePort: 16,
		PID: no, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv4OwnerPID: mib.Define(mib.Spec{
		ID: uint8(IPv4OwnerPID), Pkg: pkg, Name: "MIB_TCPTABLE_OWNER_PID", HeaderSize: 4, RowSize: 24,
		State: 0, LocalAddr: 4, LocalScope: no, LocalPort: 8, RemoteAddr: 12, RemoteScope: no, RemotePort: 16,
		PID: 20, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv4OwnerModule: mib.Define(mib.Spec{
		ID: uint8(IPv4OwnerModule), Pkg: pkg, Name: "MIB_TCPTABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 160,
		State: 0, LocalAddr: 4, LocalScope: no, LocalPort: 8, RemoteAddr: 12, RemoteScope: no, RemotePort: 16,
		PID: 20, Timestamp: 24, Flags: no, ModuleInfo: 32,
	}),
	IPv6Basic: mib.Define(mib.Spec{
		ID: uint8(IPv6Basic), Pkg: pkg, Name: "MIB_TCP6TABLE", HeaderSize: 4, RowSize: 52, IPv6: true,
		State: 0, LocalAddr: 4, LocalScope: 20, LocalPort: 24, RemoteAddr: 28, RemoteScope: 44, RemotePort: 48,
		PID: no, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv6OwnerPID: mib.Define(mib.Spec{
		ID: uint8(IPv6OwnerPID), Pkg: pkg, Name: "MIB_TCP6TABLE_OWNER_PID", HeaderSize: 4, RowSize: 56, IPv6: true,
		LocalAddr: 0, LocalScope: 16, LocalPort: 20, RemoteAddr: 24, RemoteScope: 40, RemotePort: 44,
		State: 48, PID: 52, Timestamp: no, Flags: no, ModuleInfo: no,
	}),
	IPv6OwnerModule: mib.Define(mib.Spec{
		ID: uint8(IPv6OwnerModule), Pkg: pkg, Name: "MIB_TCP6TABLE_OWNER_MODULE", HeaderSize: 8, RowSize: 192, IPv6: true,
		LocalAddr: 0, LocalScope: 16, LocalPort: 20, RemoteAddr: 24, RemoteScope: 40, RemotePort: 44,
		State: 48, PID: 52, Timestamp: 56, Flags: no, ModuleInfo: 64,
	}),
}

const pkg = "tcpmib"

// Layouts returns every Layout this package defines.
func Layouts() []Layout {
	return []Layout{IPv4Basic, IPv4OwnerPID, IPv4OwnerModule, IPv6Basic, IPv6OwnerPID, IPv6OwnerModule}
}

// LayoutOf returns the layout of the table GetExtendedTcpTable writes for
// family f and class c: the BASIC classes give MIB_TCPTABLE or MIB_TCP6TABLE
// (Windows refuses BASIC with AF_INET6, ERROR_NOT_SUPPORTED; Wine and
// GetTcp6Table return MIB_TCP6TABLE), the OWNER_PID classes the OWNER_PID
// tables and the OWNER_MODULE classes the OWNER_MODULE tables. Any other f
// or c gives an error wrapping [ErrUnknownLayout].
func LayoutOf(f Family, c Class) (Layout, error) {
	if c > OwnerModuleAll || (f != IPv4 && f != IPv6) {
		return 0, fmt.Errorf("%w: family %v, class %v", ErrUnknownLayout, f, c)
	}
	l := IPv4Basic + Layout(c/3) // three classes (listener, connections, all) per layout
	if f == IPv6 {
		l += IPv6Basic - IPv4Basic
	}
	return l, nil
}

// desc returns the description of l, or nil when l is not a Layout this
// package defines.
func (l Layout) desc() *mib.Layout {
	if int(l) >= len(layouts) {
		return nil
	}
	return layouts[l]
}

// String returns the SDK name of the table, such as
// "MIB_TCP6TABLE_OWNER_MODULE", or "Layout(n)" for an undefined value.
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
