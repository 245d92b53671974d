package tcpmib

import (
	"strconv"

	"github.com/netmib/netmib/internal/mib"
)

// A Layout identifies one of the table layouts GetExtendedTcpTable writes.
// Each has its own row size and member offsets; [Table] and [Row] read them
// all, and a member a layout lacks reads as zero.
type Layout uint8

// The table layouts, named for the address family and the owner data their
// rows carry. The comment after each is the SDK name of the table.
const (
	IPv6OwnerModule Layout = iota + 1 // MIB_TCP6TABLE_OWNER_MODULE
)

// MIB_TCP6TABLE_OWNER_MODULE and its row, from tcpmib.h [SDK]. Offsets are
// the same for 32- and 64-bit producers: no member is pointer-sized and
// liCreateTimestamp and OwningModuleInfo are 8-aligned under MSVC on both.
//
//	typedef struct _MIB_TCP6TABLE_OWNER_MODULE {
//	  DWORD                    dwNumEntries;       // 0
//	                                               // 4: padding, not written
//	  MIB_TCP6ROW_OWNER_MODULE table[ANY_SIZE];    // 8
//	} MIB_TCP6TABLE_OWNER_MODULE;
//
//	typedef struct _MIB_TCP6ROW_OWNER_MODULE {
//	  UCHAR         ucLocalAddr[16];               // 0
//	  DWORD         dwLocalScopeId;                // 16
//	  DWORD         dwLocalPort;                   // 20
//	  UCHAR         ucRemoteAddr[16];              // 24
//	  DWORD         dwRemoteScopeId;               // 40
//	  DWORD         dwRemotePort;                  // 44
//	  DWORD         dwState;                       // 48
//	  DWORD         dwOwningPid;                   // 52
//	  LARGE_INTEGER liCreateTimestamp;             // 56
//	  ULONGLONG     OwningModuleInfo[TCPIP_OWNING_MODULE_SIZE]; // 64, 16 elements
//	} MIB_TCP6ROW_OWNER_MODULE;                    // 192 bytes
const (
	tcp6ModHeader      = 8
	tcp6ModLocalAddr   = 0
	tcp6ModLocalScope  = 16
	tcp6ModLocalPort   = 20
	tcp6ModRemoteAddr  = 24
	tcp6ModRemoteScope = 40
	tcp6ModRemotePort  = 44
	tcp6ModState       = 48
	tcp6ModPID         = 52
	tcp6ModTimestamp   = 56
	tcp6ModModuleInfo  = 64
	tcp6ModRowSize     = 192
)

// layouts describes each Layout by its member offsets, indexed by Layout.
var layouts = [...]*mib.Layout{
	IPv6OwnerModule: mib.Define(mib.Spec{
		ID: uint8(IPv6OwnerModule), Pkg: pkg, Name: "MIB_TCP6TABLE_OWNER_MODULE",
		HeaderSize: tcp6ModHeader, RowSize: tcp6ModRowSize, IPv6: true,
		LocalAddr: tcp6ModLocalAddr, LocalScope: tcp6ModLocalScope, LocalPort: tcp6ModLocalPort,
		RemoteAddr: tcp6ModRemoteAddr, RemoteScope: tcp6ModRemoteScope, RemotePort: tcp6ModRemotePort,
		State: tcp6ModState, PID: tcp6ModPID, Timestamp: tcp6ModTimestamp, ModuleInfo: tcp6ModModuleInfo,
		Flags: mib.Absent,
	}),
}

const pkg = "tcpmib"

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
func (l Layout) String() string {
	if d := l.desc(); d != nil {
		return d.Name
	}
	return "Layout(" + strconv.Itoa(int(l)) + ")"
}

// RowSize returns the size in bytes of one row of the table, or 0 for an
// undefined Layout.
func (l Layout) RowSize() int {
	if d := l.desc(); d != nil {
		return d.RowSize
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
