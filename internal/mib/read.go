package mib

import (
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/netmib/netmib/addr"
)

// The readers take one row and a member offset from [Offsets]. Each makes a
// single length check, which covers an Absent member, an empty row (the zero
// row view) and the bounds of the read itself, and returns zero when it
// fails. They slice exactly the member (row[i:i+n]) so that the compiler
// proves the read in bounds and emits no second check.

// DWORD reads the little-endian DWORD at off.
func DWORD(row []byte, off int) uint32 {
	if off+4 > len(row) {
		return 0
	}
	return binary.LittleEndian.Uint32(row[off : off+4])
}

// Int64 reads the little-endian 8-byte member at off.
func Int64(row []byte, off int) int64 {
	if off+8 > len(row) {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(row[off : off+8]))
}

// AddrPort reads the local or remote address member and the port that goes
// with it. It is too large to inline and takes the packed offsets whole, so
// that the accessors calling it stay small enough to be inlined (one call in
// all), and so that the compiler sees the offset is a byte and needs no
// check beyond the one below.
func AddrPort(row []byte, o Offsets, remote bool) netip.AddrPort {
	off := o.LocalAddr()
	if remote {
		off = o.RemoteAddr()
	}
	// The scope and port follow the address in every row (Define checks it):
	if o.IPv6() {
		// ucAddr[16], dwScopeId, dwPort
		if off+24 > len(row) {
			return netip.AddrPort{}
		}
		return netip.AddrPortFrom(addr.IPv6(row[off:off+16]), addr.Port(row[off+20:off+24]))
	}
	// dwAddr, dwPort
	if off+8 > len(row) {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(addr.IPv4(row[off:off+4]), addr.Port(row[off+4:off+8]))
}

// Created reads the liCreateTimestamp member at off and converts it as
// [Time] does, in one call rather than two.
func Created(row []byte, off int) time.Time {
	ft := Int64(row, off)
	if ft == 0 {
		return time.Time{}
	}
	return time.Unix(ft/ticksPerSecond-unixEpochSeconds, ft%ticksPerSecond*nanosPerTick).UTC()
}

// ModuleInfo reads the OwningModuleInfo member at off into m, or zeroes m.
// It fills the caller's array rather than returning one, and is unrolled:
// both halve its instructions.
func ModuleInfo(m *[16]uint64, row []byte, off int) {
	if off+ModuleInfoLen > len(row) {
		*m = [16]uint64{}
		return
	}
	p := (*[ModuleInfoLen]byte)(row[off : off+ModuleInfoLen])
	le := binary.LittleEndian
	m[0], m[1], m[2], m[3] = le.Uint64(p[0:]), le.Uint64(p[8:]), le.Uint64(p[16:]), le.Uint64(p[24:])
	m[4], m[5], m[6], m[7] = le.Uint64(p[32:]), le.Uint64(p[40:]), le.Uint64(p[48:]), le.Uint64(p[56:])
	m[8], m[9], m[10], m[11] = le.Uint64(p[64:]), le.Uint64(p[72:]), le.Uint64(p[80:]), le.Uint64(p[88:])
	m[12], m[13], m[14], m[15] = le.Uint64(p[96:]), le.Uint64(p[104:]), le.Uint64(p[112:]), le.Uint64(p[120:])
}
