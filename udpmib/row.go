package udpmib

import (
	"net/netip"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/internal/mib"
)

// A Row is a zero-copy view of one row of a [Table]. Its accessors decode
// members from the table's buffer on each call, so a Row is valid only while
// that buffer is unchanged; [Row.Socket] returns a self-contained value.
// No accessor allocates or panics.
//
// Each accessor reads its member at the offset the row's layout gives it.
// A member the layout lacks reads as zero, as does every member of the
// zero Row; [Row.Fields] says which members the layout has.
type Row struct {
	b      []byte // exactly one row; nil for the zero Row
	layout Layout // its layout; 0 for the zero Row, whose layout has no members
}

// Layout returns the layout of the row, or 0 for the zero Row.
func (r Row) Layout() Layout { return r.layout }

// Fields returns the members of a netmib.Socket that the row's layout
// carries; see [Layout.Fields].
func (r Row) Fields() netmib.Fields { return fields[r.layout] }

// Local returns the local address (dwLocalAddr or ucLocalAddr) and port
// (dwLocalPort). The address has no zone; see [Row.LocalScopeID].
// IPv4-mapped addresses of dual-stack sockets keep their IPv6 form.
func (r Row) Local() netip.AddrPort {
	l := &layouts[r.layout]
	return l.Endpoint(r.b, l.LocalAddr, l.LocalPort)
}

// LocalScopeID returns dwLocalScopeId, the interface index of a link-local
// local address, read in host (little-endian) order; 0 in IPv4 tables.
func (r Row) LocalScopeID() uint32 { return mib.DWORD(r.b, layouts[r.layout].LocalScopeID) }

// PID returns dwOwningPid, the process that owns the endpoint; 0 in BASIC
// tables, which carry none.
func (r Row) PID() uint32 { return mib.DWORD(r.b, layouts[r.layout].PID) }

// CreateTimestamp returns liCreateTimestamp as it is stored: a FILETIME, in
// 100-nanosecond ticks since 1601-01-01 UTC, or 0 when Windows does not know
// it (Windows before 10, Wine). It is 0 in tables without it.
func (r Row) CreateTimestamp() int64 { return mib.Int64(r.b, layouts[r.layout].CreateTimestamp) }

// Created returns the time the endpoint was bound, in UTC, or the zero
// time.Time when [Row.CreateTimestamp] is 0. Every other value converts
// exactly, even corrupt ones before 1601 or after 9999.
func (r Row) Created() time.Time { return filetime.Time(r.CreateTimestamp()) }

// ModuleInfo returns OwningModuleInfo, the 128 bytes that Windows documents
// as opaque; they identify the owning module to
// GetOwnerModuleFromPidAndInfo. Zero in tables without it.
func (r Row) ModuleInfo() netmib.ModuleInfo {
	return netmib.ModuleInfo(mib.ModuleInfo(r.b, layouts[r.layout].ModuleInfo))
}

// ServiceTag returns the low 32 bits of OwningModuleInfo[0]: the service tag
// of the thread that bound the socket, which netstat -b resolves to the name
// of a service hosted in svchost.exe, and 0 for other processes.
func (r Row) ServiceTag() uint32 { return mib.DWORD(r.b, layouts[r.layout].ModuleInfo) }

// Flags returns dwFlags, the union that holds SpecificPortBind in bit 0; 0 in
// tables without it. The documentation calls the rest "not currently used";
// whatever the bits hold is returned as it is.
func (r Row) Flags() uint32 { return mib.DWORD(r.b, layouts[r.layout].Flags) }

// SpecificPortBind reports the SpecificPortBind bit-field of the
// OWNER_MODULE rows, bit 0 of dwFlags: per the documentation, whether the
// last bind of the endpoint named a specific port rather than letting the
// system choose one. False in tables without it.
func (r Row) SpecificPortBind() bool { return r.Flags()&1 != 0 }

// Socket returns the row as a self-contained, comparable value. The zero
// Row gives the zero Socket.
func (r Row) Socket() (s netmib.Socket) {
	if r.layout == 0 {
		return s
	}
	layouts[r.layout].Decode(r.b, &s)
	s.Proto, s.Family, s.Known = netmib.UDP, r.layout.Family(), fields[r.layout]
	return s
}

// fields holds Fields of each Layout.
var fields = func() (f [len(layouts)]netmib.Fields) {
	for i := range layouts {
		f[i] = layouts[i].Fields()
	}
	return f
}()
