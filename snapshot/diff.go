package snapshot

import (
	"net/netip"
	"strconv"
)

// A ChangeKind says how a socket changed between two snapshots.
type ChangeKind uint8

// The kinds of change.
const (
	Opened       ChangeKind = iota + 1 // in the new snapshot only
	Closed                             // in the old snapshot only
	StateChanged                       // in both, in another state
)

// String returns "opened", "closed", "state changed", or "ChangeKind(n)".
func (k ChangeKind) String() string {
	switch k {
	case Opened:
		return "opened"
	case Closed:
		return "closed"
	case StateChanged:
		return "state changed"
	}
	return "ChangeKind(" + strconv.Itoa(int(k)) + ")"
}

// A Change is a socket that differs between two snapshots.
type Change struct {
	Kind ChangeKind
	Old  Socket // zero for Opened
	New  Socket // zero for Closed
}

// identity is what makes two rows of two snapshots the same socket, but
// for the creation timestamp, which Diff compares apart.
type identity struct {
	proto         Proto
	local, remote netip.AddrPort
	lscope        uint32
	rscope        uint32
	pid           uint32
}

func identityOf(s *Socket) identity {
	return identity{s.Proto, s.Local, s.Remote, s.LocalScopeID, s.RemoteScopeID, s.PID}
}

// Diff returns the sockets opened, closed, and changed in state between the
// snapshots old and new: first the opened and changed ones in the order of
// new's sockets, then the closed ones in the order of old's.
//
// A socket is the same in both when its protocol, local and remote
// endpoints, scope IDs, PID and creation timestamp are; its state is not
// part of what it is. The timestamp matters because Windows reuses ports
// and PIDs: a connection closed and reopened between the two snapshots
// with the same endpoints, even by a new process that got the same PID,
// has a new timestamp, and shows as closed and opened. Windows writes no
// timestamp (0) for TIME_WAIT rows, some SYN_RCVD rows, before Windows 10,
// and under Wine, and tables without module info carry none; a socket whose
// timestamp is 0 in either snapshot is matched on the rest alone, so such a
// socket reopened between the snapshots with the same endpoints and PID
// cannot be told from one that stayed open. Identical rows (Wine lists a
// socket once per handle) are matched one to one.
//
// Diff runs in time linear in the number of sockets. It allocates an index
// of old's sockets and the changes it returns, nothing per socket of new.
func Diff(old, new *Snapshot) []Change {
	// The index: old's sockets, and for each identity the first of them
	// with it; next chains the others, matched marks those already paired.
	var olds []Socket
	for s := range old.Sockets() {
		olds = append(olds, s)
	}
	first := make(map[identity]int32, len(olds))
	next := make([]int32, len(olds))
	for i := len(olds) - 1; i >= 0; i-- {
		id := identityOf(&olds[i])
		next[i] = -1
		if j, ok := first[id]; ok {
			next[i] = j
		}
		first[id] = int32(i)
	}
	matched := make([]bool, len(olds))

	var changes []Change
	for n := range new.Sockets() {
		head, ok := first[identityOf(&n)]
		if !ok {
			changes = append(changes, Change{Kind: Opened, New: n})
			continue
		}
		// The same timestamp first; then, when either is 0, any.
		found := int32(-1)
		for i := head; i >= 0 && found < 0; i = next[i] {
			if !matched[i] && olds[i].CreateTimestamp == n.CreateTimestamp {
				found = i
			}
		}
		for i := head; i >= 0 && found < 0; i = next[i] {
			if !matched[i] && (olds[i].CreateTimestamp == 0 || n.CreateTimestamp == 0) {
				found = i
			}
		}
		switch {
		case found < 0:
			changes = append(changes, Change{Kind: Opened, New: n})
		case olds[found].State != n.State:
			changes = append(changes, Change{Kind: StateChanged, Old: olds[found], New: n})
			matched[found] = true
		default:
			matched[found] = true
		}
	}
	for i := range olds {
		if !matched[i] {
			changes = append(changes, Change{Kind: Closed, Old: olds[i]})
		}
	}
	return changes
}
