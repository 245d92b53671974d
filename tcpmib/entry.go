package tcpmib

import (
	"net/netip"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"
)

// An Entry is one decoded row: a self-contained, comparable value that does
// not refer to the buffer it came from. Members the table's layout lacks are
// zero; the offload state says whether it is there.
type Entry struct {
	Local         netip.AddrPort // ucLocalAddr or dwLocalAddr, and dwLocalPort; no zone
	Remote        netip.AddrPort // ucRemoteAddr or dwRemoteAddr, and dwRemotePort; no zone
	LocalScopeID  uint32         // dwLocalScopeId, host order
	RemoteScopeID uint32         // dwRemoteScopeId, host order
	State         state.State    // dwState
	PID           uint32         // dwOwningPid

	// CreateTimestamp is liCreateTimestamp: a FILETIME, or 0 when unknown.
	CreateTimestamp int64

	// ModuleInfo is OwningModuleInfo; see [Row.ModuleInfo].
	ModuleInfo netmib.ModuleInfo

	// Offload is dwOffloadState, of MIB_TCPTABLE2 and MIB_TCP6TABLE2 rows
	// only; see [Row.Offload].
	Offload Offload
}

// Created returns CreateTimestamp as a UTC time, or the zero time.Time when
// it is 0; see [Row.Created].
func (e Entry) Created() time.Time { return mib.Time(e.CreateTimestamp) }

// ServiceTag returns the service tag held in ModuleInfo; see [Row.ServiceTag].
func (e Entry) ServiceTag() uint32 { return e.ModuleInfo.ServiceTag() }
