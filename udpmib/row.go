package udpmib

import (
	"net/netip"
	"time"

	"github.com/netmib/netmib/internal/mib"
)

// A Row is a zero-copy view of one row of a [Table], valid only while the
// table's buffer is unchanged; [Row.Decode] returns a self-contained
// [Entry]. No accessor allocates or panics. A member the table's layout
// lacks reads as zero, as does every member of the zero Row.
type Row struct {
	b []byte      // exactly one row; nil for the zero Row
	o mib.Offsets // where the members are in b
}

// Local returns the local address (dwLocalAddr or ucLocalAddr) and port
// (dwLocalPort). The address has no zone; see [Row.LocalScopeID].
func (r Row) Local() netip.AddrPort { return mib.AddrPort(r.b, r.o, false) }

// LocalScopeID returns dwLocalScopeId, read in host (little-endian) order;
// 0 in IPv4 tables.
func (r Row) LocalScopeID() uint32 { return mib.DWORD(r.b, r.o.Scope(r.o.LocalAddr())) }

// PID returns dwOwningPid; 0 in the BASIC tables.
func (r Row) PID() uint32 { return mib.DWORD(r.b, r.o.PID()) }

// CreateTimestamp returns liCreateTimestamp as stored, a FILETIME, or 0 when
// unknown; 0 in tables without it.
func (r Row) CreateTimestamp() int64 { return mib.Int64(r.b, r.o.Timestamp()) }

// Created returns the time the socket was bound, in UTC, or the zero
// time.Time when [Row.CreateTimestamp] is 0.
func (r Row) Created() time.Time { return mib.Created(r.b, r.o.Timestamp()) }

// Flags returns dwFlags, the union that holds SpecificPortBind in bit 0; 0 in
// tables without it. The documentation calls the rest "not currently used";
// whatever the bits hold is returned as it is.
func (r Row) Flags() uint32 { return mib.DWORD(r.b, r.o.Flags()) }

// SpecificPortBind reports the SpecificPortBind bit-field of the
// OWNER_MODULE rows, bit 0 of dwFlags: per the documentation, whether the
// last bind of the endpoint named a specific port rather than letting the
// system choose one. False in tables without it.
func (r Row) SpecificPortBind() bool { return r.Flags()&1 != 0 }

// ModuleInfo returns OwningModuleInfo; zero in tables without it.
func (r Row) ModuleInfo() (m [16]uint64) {
	mib.ModuleInfo(&m, r.b, r.o.ModuleInfo())
	return m
}

// ServiceTag returns the low 32 bits of OwningModuleInfo[0], the service tag
// of the thread that bound the socket.
func (r Row) ServiceTag() uint32 { return mib.DWORD(r.b, r.o.ModuleInfo()) }

// Decode returns the row as a self-contained, comparable [Entry].
func (r Row) Decode() (e Entry) {
	r.decodeTo(&e)
	return e
}

func (r Row) decodeTo(e *Entry) {
	e.Local = r.Local()
	e.LocalScopeID = r.LocalScopeID()
	e.PID = r.PID()
	e.CreateTimestamp = r.CreateTimestamp()
	e.Flags = r.Flags()
	mib.ModuleInfo(&e.ModuleInfo, r.b, r.o.ModuleInfo())
}
