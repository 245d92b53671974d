package netmib

import (
	"slices"

	"github.com/netmib/netmib/state"
)

// A Filter selects sockets by protocol, family, state, PID and port, as
// netstat's options do. Each member left zero or empty selects every
// socket; a socket must match every member that is set, and one of the
// values of each list. A socket whose table does not carry the member a
// list tests (the state of a UDP socket, the PID of a BASIC table) matches
// none of its values: unknown is not a value.
type Filter struct {
	Proto  Proto         // TCP or UDP
	Family Family        // IPv4 or IPv6
	States []state.State // the socket's state is one of these
	PIDs   []uint32      // the socket's PID is one of these
	Ports  []uint16      // the socket's local or remote port is one of these
}

// Match reports whether s passes the filter.
func (f *Filter) Match(s *Socket) bool {
	switch {
	case f.Proto != 0 && s.Proto != f.Proto,
		f.Family != 0 && s.Family != f.Family,
		len(f.States) > 0 && !(s.Has(FieldState) && slices.Contains(f.States, s.State)),
		len(f.PIDs) > 0 && !(s.Has(FieldPID) && slices.Contains(f.PIDs, s.PID)):
		return false
	}
	if len(f.Ports) == 0 || slices.Contains(f.Ports, s.Local.Port()) {
		return true
	}
	return s.Has(FieldRemote) && slices.Contains(f.Ports, s.Remote.Port())
}
