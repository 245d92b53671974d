package udpmib

import (
	"net/netip"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
)

// An Entry is one decoded row: a self-contained, comparable value that does
// not refer to the buffer it came from. Members the table's layout lacks are
// zero.
type Entry struct {
	Local        netip.AddrPort // dwLocalAddr or ucLocalAddr, and dwLocalPort; no zone
	LocalScopeID uint32         // dwLocalScopeId, host order
	PID          uint32         // dwOwningPid

	// CreateTimestamp is liCreateTimestamp: a FILETIME, or 0 when unknown.
	CreateTimestamp int64

	// Flags is dwFlags, raw; bit 0 is SpecificPortBind.
	Flags uint32

	// ModuleInfo is OwningModuleInfo; see [Row.ModuleInfo].
	ModuleInfo netmib.ModuleInfo
}

// Created returns CreateTimestamp as a UTC time, or the zero time.Time when
// it is 0; see [Row.Created].
func (e Entry) Created() time.Time { return mib.Time(e.CreateTimestamp) }

// SpecificPortBind reports bit 0 of Flags; see [Row.SpecificPortBind].
func (e Entry) SpecificPortBind() bool { return e.Flags&1 != 0 }

// ServiceTag returns the service tag held in ModuleInfo; see [Row.ServiceTag].
func (e Entry) ServiceTag() uint32 { return e.ModuleInfo.ServiceTag() }
