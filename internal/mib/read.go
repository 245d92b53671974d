package mib

import (
	"encoding/binary"
	"net/netip"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
)

// The readers take one row and a member offset from a [Layout]. Each makes
// one test, which covers an Absent member, the empty row of the zero row
// view and the bounds of the read, and returns zero when it fails.

// DWORD reads the little-endian DWORD at off.
func DWORD(row []byte, off int) uint32 {
	if off < 0 || off > len(row)-4 {
		return 0
	}
	return binary.LittleEndian.Uint32(row[off:])
}

// Int64 reads the little-endian 8-byte member at off.
func Int64(row []byte, off int) int64 {
	if off < 0 || off > len(row)-8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(row[off:]))
}

// Port reads the port DWORD at off: its first two bytes, in network order.
// The last two may hold uninitialised data and are ignored.
func Port(row []byte, off int) uint16 {
	if off < 0 || off > len(row)-4 {
		return 0
	}
	return binary.BigEndian.Uint16(row[off:])
}

// IPv6 reads the 16-byte address member at off, or gives the zero Addr
// when it does not fit.
func IPv6(row []byte, off int) netip.Addr {
	if off < 0 || off > len(row)-16 {
		return netip.Addr{}
	}
	return netip.AddrFrom16([16]byte(row[off : off+16]))
}

// IPv4 reads the 4-byte address member at off, or gives the zero Addr when
// it does not fit.
func IPv4(row []byte, off int) netip.Addr {
	if off < 0 || off > len(row)-4 {
		return netip.Addr{}
	}
	return netip.AddrFrom4([4]byte(row[off : off+4]))
}

// zeroModuleInfo is what ModuleInfo returns for a member that does not fit.
// Nothing writes to it.
var zeroModuleInfo [ModuleInfoLen]byte

// ModuleInfo returns the 128 bytes of the OwningModuleInfo member at off,
// or 128 zero bytes when it does not fit. The caller converts the result to
// a netmib.ModuleInfo: one conversion of one slice, which the compiler
// copies straight to its destination.
func ModuleInfo(row []byte, off int) []byte {
	if off < 0 || off > len(row)-ModuleInfoLen {
		return zeroModuleInfo[:]
	}
	return row[off : off+ModuleInfoLen]
}

// Endpoint reads an endpoint: the address member at addrOff (16 bytes in
// an IPv6 layout, 4 in an IPv4 one) and the port member at portOff. A
// member that does not fit reads as zero: the zero Addr, port 0.
func (l *Layout) Endpoint(row []byte, addrOff, portOff int) netip.AddrPort {
	var a netip.Addr
	if l.IPv6 {
		a = IPv6(row, addrOff)
	} else {
		a = IPv4(row, addrOff)
	}
	return netip.AddrPortFrom(a, Port(row, portOff))
}

// Fields returns the members of a netmib.Socket that rows of layout l
// carry: those it has an offset for.
func (l *Layout) Fields() netmib.Fields {
	var f netmib.Fields
	for _, m := range []struct {
		off int
		f   netmib.Fields
	}{
		{l.RemoteAddr, netmib.FieldRemote}, {l.State, netmib.FieldState}, {l.LocalScopeID, netmib.FieldScopeIDs},
		{l.PID, netmib.FieldPID}, {l.CreateTimestamp, netmib.FieldCreateTimestamp}, {l.ModuleInfo, netmib.FieldModuleInfo},
		{l.Flags, netmib.FieldFlags}, {l.OffloadState, netmib.FieldOffloadState},
	} {
		if m.off != Absent {
			f |= m.f
		}
	}
	return f
}

// Decode sets every member of s but Proto, Family and Known from row, a row
// of layout l: a member l lacks reads as zero. The decoders set the other
// three once per table.
func (l *Layout) Decode(row []byte, s *netmib.Socket) {
	s.Local = l.Endpoint(row, l.LocalAddr, l.LocalPort)
	s.Remote = l.Endpoint(row, l.RemoteAddr, l.RemotePort)
	s.LocalScopeID = DWORD(row, l.LocalScopeID)
	s.RemoteScopeID = DWORD(row, l.RemoteScopeID)
	s.State = state.State(DWORD(row, l.State))
	s.PID = DWORD(row, l.PID)
	s.CreateTimestamp = Int64(row, l.CreateTimestamp)
	s.ModuleInfo = netmib.ModuleInfo(ModuleInfo(row, l.ModuleInfo))
	s.Flags = DWORD(row, l.Flags)
	s.OffloadState = state.OffloadState(DWORD(row, l.OffloadState))
}
