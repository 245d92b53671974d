package mib

import (
	"encoding/binary"
	"strconv"
	"sync"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
)

// windows7Slack is how far past the rows Windows 7 reports a successful
// table's size: n*rowsize+12, which is 12-HeaderSize bytes after the
// rows (docs/wire.md §2, from a decompiled Windows 7 iphlpapi).
const windows7Slack = 12

// CheckBuffer reports the first fact of b that contradicts the layout l: what a
// producer of that layout never writes. It checks, beyond what Rows does:
//
//   - the size: header and rows, and at most the slack Windows 7 reports
//     (a table of n rows reported as n*rowsize+12 bytes);
//   - what no producer writes is zero: the bytes of the header after
//     dwNumEntries, the bytes of a row that no member covers (the holes of
//     the UDP OWNER_MODULE rows), and the slack after the rows; there the
//     caller's buffer shows through, and this module's fetch zeroes it;
//   - dwState is a MIB_TCP_STATE value, dwOffloadState a
//     TCP_CONNECTION_OFFLOAD_STATE value, and dwFlags has no bit set but
//     SpecificPortBind;
//   - every local address of an IPv6 row, and the remote address of a row
//     that is not listening, lies where IANA assigns IPv6 addresses:
//     ::/8 (which holds ::, ::1 and the IPv4-mapped ::ffff:0:0/96),
//     2000::/3, fc00::/7 and fe80::/10 and the rest of fe00::/7 and
//     ff00::/8. The members of an IPv4 table read as an IPv6 address
//     start with a state or an IPv4 address, which falls elsewhere.
//
// It does not check what Windows is known to leave to chance: the upper
// bytes of the port DWORDs and the remote members of listening rows. The
// error is a *netmib.FormatError wrapping
// netmib.ErrMismatch, or what Rows returns.
func (l *Layout) CheckBuffer(b []byte) error {
	rows, err := l.Rows(b)
	if err != nil {
		return err
	}
	n := len(rows) / l.RowSize
	want := l.HeaderSize + len(rows)
	if len(b) > want && len(b)-len(rows) > windows7Slack {
		return &netmib.FormatError{
			Table: l.Name, Off: int64(want), Row: -1, Count: uint32(n), Want: int64(want), Have: int64(len(b)),
			Why: strconv.Itoa(len(b)-want) + " bytes after the last row, more than the " +
				strconv.Itoa(windows7Slack-l.HeaderSize) + " Windows reports", Err: netmib.ErrMismatch,
		}
	}
	for i := countLen; i < l.HeaderSize; i++ {
		if b[i] != 0 {
			return l.mismatch(b, i, -1, "the header's padding after dwNumEntries is not zero")
		}
	}
	for i := want; i < len(b); i++ {
		if b[i] != 0 {
			return l.mismatch(b, i, -1, "the slack after the last row is not zero")
		}
	}
	holes := l.holes()
	for r := range n {
		row := rows[r*l.RowSize : (r+1)*l.RowSize]
		off := l.HeaderSize + r*l.RowSize
		if l.State != Absent {
			if s := state.State(DWORD(row, l.State)); !s.Valid() {
				return l.mismatch(b, off+l.State, r, "dwState "+strconv.FormatUint(uint64(s), 10)+" is not a MIB_TCP_STATE value")
			}
		}
		if l.OffloadState != Absent {
			if v := DWORD(row, l.OffloadState); v > maxOffloadState {
				return l.mismatch(b, off+l.OffloadState, r, "dwOffloadState "+strconv.FormatUint(uint64(v), 10)+" is not a TCP_CONNECTION_OFFLOAD_STATE value")
			}
		}
		if l.Flags != Absent {
			if v := DWORD(row, l.Flags); v&^1 != 0 {
				return l.mismatch(b, off+l.Flags, r, "dwFlags "+strconv.FormatUint(uint64(v), 10)+" has bits set besides SpecificPortBind")
			}
		}
		for _, h := range holes {
			for i := h.Off; i < h.Off+h.Size; i++ {
				if row[i] != 0 {
					return l.mismatch(b, off+i, r, "the padding at row offset "+strconv.Itoa(h.Off)+" is not zero")
				}
			}
		}
		if !l.IPv6 {
			continue
		}
		if !assignedIPv6(row[l.LocalAddr]) {
			return l.mismatch(b, off+l.LocalAddr, r, "the local address is not in assigned IPv6 space")
		}
		listening := l.State != Absent && state.State(DWORD(row, l.State)) == state.Listen
		if l.RemoteAddr != Absent && !listening && !assignedIPv6(row[l.RemoteAddr]) {
			return l.mismatch(b, off+l.RemoteAddr, r, "the remote address is not in assigned IPv6 space")
		}
	}
	return nil
}

// maxOffloadState is TcpConnectionOffloadStateUploading, the last value of
// TCP_CONNECTION_OFFLOAD_STATE (tcpmib.h).
const maxOffloadState = 3

// assignedIPv6 reports whether an IPv6 address whose first byte is first
// lies in a block IANA's IPv6 Address Space registry assigns: ::/8,
// 2000::/3, or fc00::/7 to ff00::/8. The rest is reserved by the IETF,
// and no socket is bound there.
func assignedIPv6(first byte) bool {
	return first == 0 || first&0xe0 == 0x20 || first >= 0xfc
}

func (l *Layout) mismatch(b []byte, off, row int, why string) error {
	return &netmib.FormatError{
		Table: l.Name, Off: int64(off), Row: int64(row), Count: binary.LittleEndian.Uint32(b),
		Want: int64(l.HeaderSize + int(binary.LittleEndian.Uint32(b))*l.RowSize), Have: int64(len(b)),
		Why: why, Err: netmib.ErrMismatch,
	}
}

// holeCache holds the holes of each layout CheckBuffer has seen.
var holeCache sync.Map

// holes returns the bytes of a row that no member covers: padding. It
// works them out once per layout.
func (l *Layout) holes() []Member {
	if h, ok := holeCache.Load(*l); ok {
		return h.([]Member)
	}
	h := l.findHoles()
	holeCache.Store(*l, h)
	return h
}

func (l *Layout) findHoles() []Member {
	var out []Member
	covered := make([]bool, l.RowSize)
	for _, m := range l.Members() {
		for i := m.Off; i < m.Off+m.Size; i++ {
			covered[i] = true
		}
	}
	for i := 0; i < l.RowSize; {
		if covered[i] {
			i++
			continue
		}
		j := i
		for j < l.RowSize && !covered[j] {
			j++
		}
		out = append(out, Member{Name: "padding", Off: i, Size: j - i})
		i = j
	}
	return out
}
