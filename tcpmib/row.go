package tcpmib

import (
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/netmib/netmib"
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
//
// Each accessor reads a MIB_TCP6ROW_OWNER_MODULE row, the one row that is
// 192 bytes long, at constant offsets, and any other row through its
// layout's description.
type Row struct {
	b      []byte // exactly one row; nil for the zero Row
	layout Layout // its layout; 0 for the zero Row, whose layout has no members
}

var le, be = binary.LittleEndian, binary.BigEndian

// call returns f(x). Local, Remote and Created call a function through it
// rather than directly because the inliner charges a call to a parameter
// less than a call to a function, which keeps them within its budget: a
// loop over All then runs without a call per member. TestAccessorsInline
// fails if an accessor stops being inlined; docs/performance.md has the
// measurements.
func call[T, R any](f func(T) R, x T) R { return f(x) }

// Local returns the local address (ucLocalAddr or dwLocalAddr) and port
// (dwLocalPort). The address has no zone; see [Row.LocalScopeID]. IPv4-mapped
// addresses of dual-stack sockets keep their IPv6 form.
func (r Row) Local() netip.AddrPort {
	if len(r.b) == fastRowSize {
		return netip.AddrPortFrom(netip.AddrFrom16([16]byte(r.b[fastLocalAddr:])), be.Uint16(r.b[fastLocalPort:]))
	}
	return call(local, r)
}

// local is Local for rows of every other layout.
func local(r Row) netip.AddrPort {
	l := &layouts[r.layout]
	if l.IPv6 {
		return netip.AddrPortFrom(mib.IPv6(r.b, l.LocalAddr), mib.Port(r.b, l.LocalPort))
	}
	return netip.AddrPortFrom(mib.IPv4(r.b, l.LocalAddr), mib.Port(r.b, l.LocalPort))
}

// Remote returns the remote address and port, as [Row.Local] does. They mean
// nothing for a listening socket, whose remote members Windows fills with
// zeros or leftovers; they are returned as they are.
func (r Row) Remote() netip.AddrPort {
	if len(r.b) == fastRowSize {
		return netip.AddrPortFrom(netip.AddrFrom16([16]byte(r.b[fastRemoteAddr:])), be.Uint16(r.b[fastRemotePort:]))
	}
	return call(remote, r)
}

// remote is Remote for rows of every other layout.
func remote(r Row) netip.AddrPort {
	l := &layouts[r.layout]
	if l.IPv6 {
		return netip.AddrPortFrom(mib.IPv6(r.b, l.RemoteAddr), mib.Port(r.b, l.RemotePort))
	}
	return netip.AddrPortFrom(mib.IPv4(r.b, l.RemoteAddr), mib.Port(r.b, l.RemotePort))
}

// LocalScopeID returns dwLocalScopeId, the interface index of a link-local
// local address, read in host (little-endian) order; 0 in IPv4 tables.
func (r Row) LocalScopeID() uint32 {
	if len(r.b) == fastRowSize {
		return le.Uint32(r.b[fastLocalScopeID:])
	}
	return mib.DWORD(r.b, layouts[r.layout].LocalScopeID)
}

// RemoteScopeID returns dwRemoteScopeId, as [Row.LocalScopeID] does.
func (r Row) RemoteScopeID() uint32 {
	if len(r.b) == fastRowSize {
		return le.Uint32(r.b[fastRemoteScopeID:])
	}
	return mib.DWORD(r.b, layouts[r.layout].RemoteScopeID)
}

// State returns dwState. Values outside MIB_TCP_STATE are returned as they are.
func (r Row) State() state.State {
	if len(r.b) == fastRowSize {
		return state.State(le.Uint32(r.b[fastState:]))
	}
	return state.State(mib.DWORD(r.b, layouts[r.layout].State))
}

// PID returns dwOwningPid, the process that owns the socket; 0 in BASIC
// tables.
func (r Row) PID() uint32 {
	if len(r.b) == fastRowSize {
		return le.Uint32(r.b[fastPID:])
	}
	return mib.DWORD(r.b, layouts[r.layout].PID)
}

// CreateTimestamp returns liCreateTimestamp as it is stored: a FILETIME, in
// 100-nanosecond ticks since 1601-01-01 UTC, or 0 when Windows does not know
// it (TIME_WAIT rows, Windows before 10, Wine). It is 0 in tables without it.
func (r Row) CreateTimestamp() int64 {
	if len(r.b) == fastRowSize {
		return int64(le.Uint64(r.b[fastCreateTimestamp:]))
	}
	return mib.Int64(r.b, layouts[r.layout].CreateTimestamp)
}

// Created returns the time the socket was bound, in UTC, or the zero
// time.Time when [Row.CreateTimestamp] is 0. Every other value converts
// exactly, even corrupt ones before 1601 or after 9999.
func (r Row) Created() time.Time { return call(mib.Time, r.CreateTimestamp()) }

// ModuleInfo returns OwningModuleInfo, the 128 bytes that Windows documents
// as opaque; they identify the owning module to
// GetOwnerModuleFromPidAndInfo. Zero in tables without it.
func (r Row) ModuleInfo() netmib.ModuleInfo {
	off := fastModuleInfo
	if len(r.b) != fastRowSize {
		off = layouts[r.layout].ModuleInfo
	}
	return netmib.ModuleInfo(mib.ModuleInfo(r.b, off))
}

// ServiceTag returns the low 32 bits of OwningModuleInfo[0]: the service tag
// of the thread that bound the socket, which netstat -b resolves to the name
// of a service hosted in svchost.exe, and 0 for other processes.
func (r Row) ServiceTag() uint32 {
	if len(r.b) == fastRowSize {
		return le.Uint32(r.b[fastModuleInfo:])
	}
	return mib.DWORD(r.b, layouts[r.layout].ModuleInfo)
}

// Offload returns dwOffloadState, which only the rows of MIB_TCPTABLE2 and
// MIB_TCP6TABLE2 have; for every other row it returns the zero Offload,
// whose Known is false.
func (r Row) Offload() Offload {
	if len(r.b) == fastRowSize { // MIB_TCP6ROW_OWNER_MODULE has none
		return Offload{}
	}
	off := layouts[r.layout].OffloadState
	return Offload{State: OffloadState(mib.DWORD(r.b, off)), Known: off != mib.Absent}
}

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
	e.ModuleInfo = r.ModuleInfo()
	e.Offload = r.Offload()
}
