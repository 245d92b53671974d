package tcpmib

import (
	"net/netip"
	"time"

	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"
)

// A Row is a zero-copy view of one row of a [Table]. Its accessors decode
// members from the table's buffer on each call, so a Row is valid only while
// that buffer is unchanged; [Row.Decode] returns a self-contained [Entry].
// No accessor allocates or panics.
//
// A member the table's layout lacks reads as zero, as does every member of
// the zero Row.
type Row struct {
	b []byte      // exactly one row; nil for the zero Row
	o mib.Offsets // where the members are in b
}

// Local returns the local address (ucLocalAddr or dwLocalAddr) and port
// (dwLocalPort). The address has no zone; see [Row.LocalScopeID]. IPv4-mapped
// addresses of dual-stack sockets keep their IPv6 form.
func (r Row) Local() netip.AddrPort { return mib.AddrPort(r.b, r.o, false) }

// Remote returns the remote address and port, as [Row.Local] does. They mean
// nothing for a listening socket, whose remote members Windows fills with
// zeros or leftovers; they are returned as they are.
func (r Row) Remote() netip.AddrPort { return mib.AddrPort(r.b, r.o, true) }

// LocalScopeID returns dwLocalScopeId, the interface index of a link-local
// local address, read in host (little-endian) order; 0 in IPv4 tables.
func (r Row) LocalScopeID() uint32 { return mib.DWORD(r.b, r.o.Scope(r.o.LocalAddr())) }

// RemoteScopeID returns dwRemoteScopeId, as [Row.LocalScopeID] does.
func (r Row) RemoteScopeID() uint32 { return mib.DWORD(r.b, r.o.Scope(r.o.RemoteAddr())) }

// State returns dwState. Values outside MIB_TCP_STATE are returned as they are.
func (r Row) State() state.State { return state.State(mib.DWORD(r.b, r.o.State())) }

// PID returns dwOwningPid, the process that owns the socket; 0 in BASIC
// tables.
func (r Row) PID() uint32 { return mib.DWORD(r.b, r.o.PID()) }

// CreateTimestamp returns liCreateTimestamp as it is stored: a FILETIME, in
// 100-nanosecond ticks since 1601-01-01 UTC, or 0 when Windows does not know
// it (TIME_WAIT rows, Windows before 10, Wine). It is 0 in tables without it.
func (r Row) CreateTimestamp() int64 { return mib.Int64(r.b, r.o.Timestamp()) }

// Created returns the time the socket was bound, in UTC, or the zero
// time.Time when [Row.CreateTimestamp] is 0. Every other value converts
// exactly, even corrupt ones before 1601 or after 9999.
func (r Row) Created() time.Time { return mib.Created(r.b, r.o.Timestamp()) }

// ModuleInfo returns OwningModuleInfo, sixteen little-endian ULONGLONGs that
// Windows documents as opaque; they identify the owning module to
// GetOwnerModuleFromPidAndInfo. Zero in tables without it.
func (r Row) ModuleInfo() (m [16]uint64) {
	mib.ModuleInfo(&m, r.b, r.o.ModuleInfo())
	return m
}

// ServiceTag returns the low 32 bits of OwningModuleInfo[0]: the service tag
// of the thread that bound the socket, which netstat -b resolves to the name
// of a service hosted in svchost.exe, and 0 for other processes.
func (r Row) ServiceTag() uint32 { return mib.DWORD(r.b, r.o.ModuleInfo()) }

// Decode returns the row as a self-contained, comparable [Entry].
func (r Row) Decode() (e Entry) {
	r.decodeTo(&e)
	return e
}

// decodeTo fills e in place, which spares AppendEntries a copy of each Entry.
func (r Row) decodeTo(e *Entry) {
	e.Local = r.Local()
	e.Remote = r.Remote()
	e.LocalScopeID = r.LocalScopeID()
	e.RemoteScopeID = r.RemoteScopeID()
	e.State = r.State()
	e.PID = r.PID()
	e.CreateTimestamp = r.CreateTimestamp()
	mib.ModuleInfo(&e.ModuleInfo, r.b, r.o.ModuleInfo())
}
