// Package mib holds what every IP Helper table decoder in this module shares:
// the description of a table layout by member offsets, the validation of a
// buffer against it, the errors that validation returns, the member readers
// and writers, and the conversions of FILETIME and owning-module members.
// tcpmib and udpmib describe their layouts with [Spec] values; adding a
// layout is a table entry there, not a new decoder.
package mib

import (
	"fmt"
	"strconv"
)

// Absent is the offset of a member that a layout does not have. It lies
// beyond the end of every row (the largest is 192 bytes), so the single
// length check each reader makes returns the zero value for it.
const Absent = 0xff

// A Spec describes one table as GetExtendedTcpTable or GetExtendedUdpTable
// writes it: a DWORD dwNumEntries at offset 0, then dwNumEntries rows of
// RowSize bytes each, the first at HeaderSize (SPEC sections 1 and 7). Every
// member offset is relative to the start of a row, and Absent for members
// the row does not have.
type Spec struct {
	ID         uint8  // the package's own number for the layout, such as tcpmib.Layout
	Pkg        string // package whose errors name this layout: "tcpmib", "udpmib"
	Name       string // the SDK name of the table struct, e.g. "MIB_TCP6TABLE_OWNER_MODULE"
	HeaderSize int    // offset of table[0]: 4, or 8 when rows hold 8-byte members
	RowSize    int    // size of one row; rows follow each other without gaps
	IPv6       bool   // addresses are 16-byte UCHAR arrays, not 4-byte DWORDs

	LocalAddr   int // UCHAR ucLocalAddr[16] or DWORD dwLocalAddr
	LocalScope  int // DWORD dwLocalScopeId
	LocalPort   int // DWORD dwLocalPort
	RemoteAddr  int // UCHAR ucRemoteAddr[16] or DWORD dwRemoteAddr
	RemoteScope int // DWORD dwRemoteScopeId
	RemotePort  int // DWORD dwRemotePort
	State       int // DWORD dwState
	PID         int // DWORD dwOwningPid
	Timestamp   int // LARGE_INTEGER liCreateTimestamp
	Flags       int // int dwFlags (UDP: bit 0 SpecificPortBind)
	ModuleInfo  int // ULONGLONG OwningModuleInfo[16]
}

// A Layout is a validated Spec with its offsets packed for the row views.
type Layout struct {
	Spec
	Offsets Offsets
}

// Define validates s and returns its Layout. It panics if a member lies
// outside the row, if members overlap, or if the scope and port members are
// not where every IP Helper row puts them (scope 16 bytes after an IPv6
// address, port 20 bytes after an IPv6 address or 4 after an IPv4 one),
// since the packed Offsets derive them from the address. The layouts are
// package-level variables, so a mistake fails every test at start-up.
func Define(s Spec) *Layout {
	fail := func(format string, args ...any) {
		panic(fmt.Sprintf("mib: layout %s: ", s.Name) + fmt.Sprintf(format, args...))
	}
	if s.RowSize <= 0 || s.RowSize >= Absent || (s.HeaderSize != 4 && s.HeaderSize != 8) {
		fail("bad row size %d or header size %d", s.RowSize, s.HeaderSize)
	}
	addrLen := 4
	if s.IPv6 {
		addrLen = 16
	}
	members := []struct {
		name     string
		off, len int
	}{
		{"LocalAddr", s.LocalAddr, addrLen}, {"LocalScope", s.LocalScope, 4}, {"LocalPort", s.LocalPort, 4},
		{"RemoteAddr", s.RemoteAddr, addrLen}, {"RemoteScope", s.RemoteScope, 4}, {"RemotePort", s.RemotePort, 4},
		{"State", s.State, 4}, {"PID", s.PID, 4}, {"Timestamp", s.Timestamp, 8}, {"Flags", s.Flags, 4},
		{"ModuleInfo", s.ModuleInfo, ModuleInfoLen},
	}
	used := make([]bool, s.RowSize)
	for _, m := range members {
		if m.off == Absent {
			continue
		}
		if m.off < 0 || m.off+m.len > s.RowSize {
			fail("%s at %d does not fit a row of %d bytes", m.name, m.off, s.RowSize)
		}
		for i := m.off; i < m.off+m.len; i++ {
			if used[i] {
				fail("%s at %d overlaps another member", m.name, m.off)
			}
			used[i] = true
		}
	}
	o := Offsets(0)
	for _, side := range []struct {
		name              string
		addr, scope, port int
		shift             uint
	}{
		{"local", s.LocalAddr, s.LocalScope, s.LocalPort, localShift},
		{"remote", s.RemoteAddr, s.RemoteScope, s.RemotePort, remoteShift},
	} {
		if side.addr == Absent {
			if side.scope != Absent || side.port != Absent {
				fail("%s scope or port without an address", side.name)
			}
			o |= Absent << side.shift
			continue
		}
		wantScope, wantPort := Absent, side.addr+4
		if s.IPv6 {
			wantScope, wantPort = side.addr+16, side.addr+20
		}
		if side.scope != wantScope || side.port != wantPort {
			fail("%s scope %d and port %d are not at %d and %d", side.name, side.scope, side.port, wantScope, wantPort)
		}
		o |= Offsets(side.addr) << side.shift
	}
	o |= Offsets(s.State)<<stateShift | Offsets(s.PID)<<pidShift | Offsets(s.Timestamp)<<timestampShift |
		Offsets(s.ModuleInfo)<<moduleShift | Offsets(s.Flags)<<flagsShift
	if s.IPv6 {
		o |= 1 << ipv6Shift
	}
	return &Layout{Spec: s, Offsets: o}
}

// The methods below answer for a package's Layout enumeration, whose
// undefined values have no *Layout: each takes a nil receiver.

// NameOr returns the SDK name of the table, or "Layout(id)" when l is nil.
func (l *Layout) NameOr(id uint8) string {
	if l == nil {
		return "Layout(" + strconv.Itoa(int(id)) + ")"
	}
	return l.Name
}

// Rows6 reports whether l's addresses are IPv6 ones, and false, false when
// l is nil.
func (l *Layout) Rows6() (v6, ok bool) {
	if l == nil {
		return false, false
	}
	return l.IPv6, true
}

// Sizes returns the header and row sizes, or zeros when l is nil.
func (l *Layout) Sizes() (header, row int) {
	if l == nil {
		return 0, 0
	}
	return l.HeaderSize, l.RowSize
}

// Offsets packs the member offsets of a layout into one word, one byte per
// member, so that a row view is a slice and a word: small enough for the
// compiler to keep in registers, with no pointer to follow and nothing to
// check for nil. The scope and port of each address are derived from the
// address offset (the scope 16 bytes after an IPv6 address, the port 20
// bytes after it or 4 after an IPv4 one), which Define checks. The zero Offsets puts every member
// at offset 0; a zero row view pairs it with an empty row, so every read
// still returns zero.
type Offsets uint64

const (
	localShift     = 0
	remoteShift    = 8
	stateShift     = 16
	pidShift       = 24
	timestampShift = 32
	moduleShift    = 40
	flagsShift     = 48
	ipv6Shift      = 56
)

func (o Offsets) at(shift uint) int { return int(uint8(o >> shift)) }

// IPv6 reports whether addresses are 16 bytes rather than 4.
func (o Offsets) IPv6() bool { return o>>ipv6Shift&1 != 0 }

// LocalAddr returns the offset of the local address member.
func (o Offsets) LocalAddr() int { return o.at(localShift) }

// RemoteAddr returns the offset of the remote address member.
func (o Offsets) RemoteAddr() int { return o.at(remoteShift) }

// State returns the offset of dwState.
func (o Offsets) State() int { return o.at(stateShift) }

// PID returns the offset of dwOwningPid.
func (o Offsets) PID() int { return o.at(pidShift) }

// Timestamp returns the offset of liCreateTimestamp.
func (o Offsets) Timestamp() int { return o.at(timestampShift) }

// ModuleInfo returns the offset of OwningModuleInfo.
func (o Offsets) ModuleInfo() int { return o.at(moduleShift) }

// Flags returns the offset of dwFlags.
func (o Offsets) Flags() int { return o.at(flagsShift) }

// Scope returns the offset of the scope ID that goes with the address at
// addr: 16 bytes after an IPv6 address, and Absent for IPv4.
func (o Offsets) Scope(addr int) int {
	if o.IPv6() {
		return addr + 16
	}
	return Absent
}
