package mib

import (
	"encoding/binary"
	"net/netip"
)

// The readers take one row and a member offset from a [Layout]. Each makes
// one test, which covers an Absent member, the empty row of the zero row
// view and the bounds of the read, and returns zero when it fails. The test
// is written so that the compiler can prove the read in bounds and leaves
// no check of its own (docs/performance.md).

// DWORD reads the little-endian DWORD at off.
func DWORD(row []byte, off int) uint32 {
	if off < 0 || off > len(row)-4 {
		return 0
	}
	return binary.LittleEndian.Uint32(row[off : off+4])
}

// Int64 reads the little-endian 8-byte member at off.
func Int64(row []byte, off int) int64 {
	if off < 0 || off > len(row)-8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(row[off : off+8]))
}

// Port reads the port DWORD at off: its first two bytes, in network order.
// The last two may hold uninitialised data and are ignored.
func Port(row []byte, off int) uint16 {
	if off < 0 || off > len(row)-4 {
		return 0
	}
	return binary.BigEndian.Uint16(row[off : off+2])
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
