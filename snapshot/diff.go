package snapshot

import (
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/state"
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
// for the creation timestamp, which Diff compares apart. It holds no
// pointers, so the garbage collector need not scan Diff's index.
type identity struct {
	proto          Proto
	family         netmib.Family
	lport, rport   uint16
	local, remote  [16]byte
	lscope, rscope uint32
	pid            uint32
}

func identityOf(s *Socket) identity {
	return identity{
		proto: s.Proto, family: s.Family,
		lport: s.Local.Port(), rport: s.Remote.Port(),
		local: s.Local.Addr().As16(), remote: s.Remote.Addr().As16(),
		lscope: s.LocalScopeID, rscope: s.RemoteScopeID,
		pid: s.PID,
	}
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
// socket once per handle) are matched one to one, a row in the same state
// before one in another.
//
// Diff runs in time linear in the number of sockets, and reads each
// snapshot's tables twice. It allocates an index of old's sockets (150 to
// 200 bytes per socket, a map entry and what matching needs), 8 bytes per
// opened or changed socket, and the changes it returns: nothing per socket
// of new.
func Diff(old, new *Snapshot) []Change {
	// The index: for each identity, the last of old's sockets with it;
	// each socket's prev chains the earlier ones.
	olds := make([]oldSocket, 0, old.count())
	last := make(map[identity]int32, cap(olds))
	for s := range old.Sockets() {
		id := identityOf(&s)
		prev, ok := last[id]
		if !ok {
			prev = -1
		}
		last[id] = int32(len(olds))
		olds = append(olds, oldSocket{ts: s.CreateTimestamp, state: s.State, prev: prev, change: -1})
	}

	// Match new's sockets, noting the opened and changed ones.
	var found []match
	newIndex := int32(0)
	for n := range new.Sockets() {
		i := int32(-1)
		if head, ok := last[identityOf(&n)]; ok {
			i = bestMatch(olds, head, &n)
		}
		switch {
		case i < 0:
			found = append(found, match{newIndex, -1})
		case olds[i].state != n.State:
			olds[i].matched = true
			found = append(found, match{newIndex, i})
		default:
			olds[i].matched = true
		}
		newIndex++
	}

	// The changes, allocated once: the opened and changed ones from new,
	// then the old halves and the closed ones from old.
	closed := 0
	for i := range olds {
		if !olds[i].matched {
			closed++
		}
	}
	changes := make([]Change, len(found), len(found)+closed)
	k := 0
	newIndex = 0
	for n := range new.Sockets() {
		if k == len(found) {
			break
		}
		if found[k].new == newIndex {
			changes[k] = Change{Kind: Opened, New: n}
			if i := found[k].old; i >= 0 {
				changes[k].Kind = StateChanged
				olds[i].change = int32(k)
			}
			k++
		}
		newIndex++
	}
	i := 0
	for s := range old.Sockets() {
		switch o := &olds[i]; {
		case o.change >= 0:
			changes[o.change].Old = s
		case !o.matched:
			changes = append(changes, Change{Kind: Closed, Old: s})
		}
		i++
	}
	return changes
}

// An oldSocket is what Diff's index keeps of a socket of the old snapshot.
type oldSocket struct {
	ts      int64
	state   state.State
	prev    int32 // the previous socket with the same identity, or -1
	change  int32 // the index of its StateChanged change, or -1
	matched bool  // a socket of the new snapshot is this one
}

// A match is an opened socket (old is -1) or a changed one: indexes into
// the sockets of the new and the old snapshot.
type match struct{ new, old int32 }

// bestMatch returns the unmatched socket of the chain from head that is
// most likely n: the same timestamp before a 0 timestamp on either side,
// the same state before another, and the earliest of equals; or -1.
func bestMatch(olds []oldSocket, head int32, n *Socket) int32 {
	best, bestRank := int32(-1), 0
	for i := head; i >= 0; i = olds[i].prev {
		o := &olds[i]
		rank := 0
		switch {
		case o.matched:
			continue
		case o.ts == n.CreateTimestamp:
			rank = 3
		case o.ts == 0 || n.CreateTimestamp == 0:
			rank = 1
		default:
			continue
		}
		if o.state == n.State {
			rank++
		}
		if rank >= bestRank {
			best, bestRank = i, rank
		}
	}
	return best
}
