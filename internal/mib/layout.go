// Package mib holds what the table decoders of this module share: the
// description of a table layout by member offsets, the validation of a
// buffer against it, the member readers and writers, and the conversions of
// FILETIME and OwningModuleInfo members. The layouts themselves are in
// tcpmib and udpmib, each under its quoted C struct.
package mib

import (
	"encoding/binary"
	"fmt"

	"github.com/netmib/netmib"
)

// Absent is the offset of a member that a layout does not have. It lies
// beyond the end of every row, so the one length check each reader makes
// returns the zero value for it.
const Absent = 1 << 16

// A Layout describes one table as GetExtendedTcpTable, GetExtendedUdpTable
// or their relatives write it: a little-endian DWORD dwNumEntries at offset
// 0, then dwNumEntries rows of RowSize bytes each, the first at HeaderSize,
// with no gaps. Each member offset is relative to the start of a row, as
// the C struct of the row has it, and [Absent] for a member the row lacks.
// The decoders, the encoders and the JSON forms all read this one
// description.
type Layout struct {
	Name       string // SDK name of the table struct, such as "MIB_TCP6TABLE_OWNER_MODULE"
	HeaderSize int    // offset of table[0]: 4, or 8 when rows hold 8-byte members
	RowSize    int    // size of one row
	IPv6       bool   // addresses are UCHAR[16] (IN6_ADDR), not DWORD

	LocalAddr       int // ucLocalAddr[16] or dwLocalAddr
	LocalScopeID    int // dwLocalScopeId
	LocalPort       int // dwLocalPort
	RemoteAddr      int // ucRemoteAddr[16] or dwRemoteAddr
	RemoteScopeID   int // dwRemoteScopeId
	RemotePort      int // dwRemotePort
	State           int // dwState
	PID             int // dwOwningPid
	CreateTimestamp int // liCreateTimestamp, a FILETIME
	Flags           int // dwFlags (UDP: bit 0 is SpecificPortBind)
	OffloadState    int // dwOffloadState (TCP_CONNECTION_OFFLOAD_STATE)
	ModuleInfo      int // OwningModuleInfo[16]
}

// None is the layout with no members: the zero row view reads through it.
var None = Layout{
	LocalAddr: Absent, LocalScopeID: Absent, LocalPort: Absent,
	RemoteAddr: Absent, RemoteScopeID: Absent, RemotePort: Absent,
	State: Absent, PID: Absent, CreateTimestamp: Absent, Flags: Absent,
	OffloadState: Absent, ModuleInfo: Absent,
}

// A Member is one member of a row: its name in the SDK, offset and size.
type Member struct {
	Name      string
	Off, Size int
}

// Members returns the members l has, in the order of the Layout fields.
func (l *Layout) Members() []Member {
	addr := 4
	if l.IPv6 {
		addr = 16
	}
	all := []Member{
		{"LocalAddr", l.LocalAddr, addr}, {"LocalScopeID", l.LocalScopeID, 4}, {"LocalPort", l.LocalPort, 4},
		{"RemoteAddr", l.RemoteAddr, addr}, {"RemoteScopeID", l.RemoteScopeID, 4}, {"RemotePort", l.RemotePort, 4},
		{"State", l.State, 4}, {"PID", l.PID, 4}, {"CreateTimestamp", l.CreateTimestamp, 8},
		{"Flags", l.Flags, 4}, {"OffloadState", l.OffloadState, 4}, {"ModuleInfo", l.ModuleInfo, ModuleInfoLen},
	}
	out := all[:0]
	for _, m := range all {
		if m.Off != Absent {
			out = append(out, m)
		}
	}
	return out
}

// Check reports a layout that cannot be right: a header other than 4 or 8
// bytes, a member outside the row, or two members that overlap. The tests
// of tcpmib and udpmib run it on every layout.
func (l *Layout) Check() error {
	if l.HeaderSize != 4 && l.HeaderSize != 8 {
		return fmt.Errorf("%s: header size %d", l.Name, l.HeaderSize)
	}
	if l.RowSize <= 0 || l.RowSize >= Absent {
		return fmt.Errorf("%s: row size %d", l.Name, l.RowSize)
	}
	used := make([]string, l.RowSize)
	for _, m := range l.Members() {
		if m.Off < 0 || m.Off+m.Size > l.RowSize {
			return fmt.Errorf("%s: %s at %d does not fit a row of %d bytes", l.Name, m.Name, m.Off, l.RowSize)
		}
		for i := m.Off; i < m.Off+m.Size; i++ {
			if used[i] != "" {
				return fmt.Errorf("%s: %s at %d overlaps %s", l.Name, m.Name, m.Off, used[i])
			}
			used[i] = m.Name
		}
	}
	return nil
}

// countLen is the size of dwNumEntries, the DWORD at offset 0 of every table.
const countLen = 4

// Rows validates b as a table of layout l and returns its declared rows:
// b[HeaderSize:HeaderSize+dwNumEntries*RowSize], without copying. Bytes
// after the last row are allowed and ignored, since Windows reports more
// than it writes.
//
// The check divides the bytes available by the row size rather than
// multiplying the untrusted count, so no count can overflow it; a count
// above netmib.MaxRows is refused even when the rows are there. Rows
// allocates nothing but the *netmib.FormatError it returns.
func (l *Layout) Rows(b []byte) ([]byte, error) {
	if len(b) < l.HeaderSize {
		off := 0 // dwNumEntries is incomplete
		if len(b) >= countLen {
			off = countLen // the padding after it is
		}
		return nil, &netmib.FormatError{
			Table: l.Name, Off: int64(off), Row: -1,
			Want: int64(l.HeaderSize), Have: int64(len(b)), Err: netmib.ErrTruncated,
		}
	}
	count := binary.LittleEndian.Uint32(b)
	fit := (len(b) - l.HeaderSize) / l.RowSize
	want := int64(l.HeaderSize) + int64(count)*int64(l.RowSize)
	if uint64(count) > uint64(fit) {
		return nil, &netmib.FormatError{
			Table: l.Name, Off: int64(l.HeaderSize) + int64(fit)*int64(l.RowSize), Row: int64(fit),
			Count: count, Want: want, Have: int64(len(b)), Err: netmib.ErrTruncated,
		}
	}
	if count > netmib.MaxRows {
		return nil, &netmib.FormatError{
			Table: l.Name, Row: -1, Count: count, Want: want, Have: int64(len(b)), Err: netmib.ErrTooManyRows,
		}
	}
	return b[l.HeaderSize : l.HeaderSize+int(count)*l.RowSize], nil
}
