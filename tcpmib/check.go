package tcpmib

import (
	"fmt"

	"github.com/netmib/netmib"
)

// Check reports whether b holds a table of layout l as Windows writes one.
// It is stricter than [Layout.Parse], which decodes whatever fits and
// ignores what Windows is known to leave to chance: Check also refuses
// bytes that a producer of layout l never writes, so that a buffer given
// the wrong layout is refused rather than decoded as sockets that never
// existed. It checks:
//
//   - the size: the header and dwNumEntries rows, and at most the few
//     bytes of slack Windows 7 reports (a table of n rows reported as
//     n*rowsize+12 bytes), which must be zero: Windows does not write
//     them, and the fetch of this module zeroes its buffer;
//   - that the header's padding (OWNER_MODULE tables) is zero;
//   - that every dwState is a MIB_TCP_STATE value and every
//     dwOffloadState a TCP_CONNECTION_OFFLOAD_STATE value;
//   - that the addresses of IPv6 rows lie in assigned IPv6 space (not the
//     remote address of a listening row, which Windows leaves as it is).
//
// It still ignores the upper bytes of the port DWORDs and the remote
// members of listening rows. docs/wire.md says where each fact comes from.
// Check returns nil, an error of [Layout.Parse], or a [*netmib.FormatError]
// wrapping [netmib.ErrMismatch] whose Why says what does not fit.
func (l Layout) Check(b []byte) error {
	d := l.desc()
	if d == nil {
		return fmt.Errorf("%w: %v", netmib.ErrUnknownLayout, l)
	}
	return d.CheckBuffer(b)
}

// Identify returns the layouts of [Layouts] whose [Layout.Check] b passes:
// the TCP tables that b may be. A raw buffer does not say what it holds;
// its size and contents rule most layouts out, but not always all but one.
// An empty table, for one, fits every layout with its header size.
func Identify(b []byte) []Layout {
	var out []Layout
	for _, l := range Layouts() {
		if l.Check(b) == nil {
			out = append(out, l)
		}
	}
	return out
}
