package snapshot

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/text"
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

// AppendText appends k.String(). It implements encoding.TextAppender.
func (k ChangeKind) AppendText(b []byte) ([]byte, error) { return append(b, k.String()...), nil }

// MarshalText returns k.String().
func (k ChangeKind) MarshalText() ([]byte, error) { return k.AppendText(nil) }

// UnmarshalText sets k from the text ParseChangeKind reads.
func (k *ChangeKind) UnmarshalText(text []byte) error {
	v, err := ParseChangeKind(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParseChangeKind returns the kind s names, in any case: what String
// returns ("opened", "closed", "state changed", "ChangeKind(n)").
func ParseChangeKind(s string) (ChangeKind, error) {
	for k := Opened; k <= StateChanged; k++ {
		if strings.EqualFold(s, k.String()) {
			return k, nil
		}
	}
	if v, ok := text.ParseNumbered(s, "ChangeKind", 8); ok {
		return ChangeKind(v), nil
	}
	return 0, fmt.Errorf("snapshot: change %s is not opened, closed or state changed", text.Quote(s))
}

// A Change is a socket that differs between two snapshots.
type Change struct {
	Kind ChangeKind
	Old  netmib.Socket // zero for Opened
	New  netmib.Socket // zero for Closed
}

// MarshalJSON encodes c as an object with the keys change (the kind, as
// String gives it), old and new (the sockets, in their JSON form), in this
// order; the socket an opened or a closed change does not have is null.
func (c Change) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 1600)
	b = append(b, `{"change":"`...)
	b = append(b, c.Kind.String()...)
	b = append(b, `","old":`...)
	b = appendSocket(b, &c.Old, c.Kind != Opened)
	b = append(b, `,"new":`...)
	b = appendSocket(b, &c.New, c.Kind != Closed)
	return append(b, '}'), nil
}

// appendSocket appends s in its JSON form, or null when the change has no
// such socket.
func appendSocket(b []byte, s *netmib.Socket, has bool) []byte {
	if !has {
		return append(b, "null"...)
	}
	j, _ := s.MarshalJSON() // every Socket marshals
	return append(b, j...)
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (c *Change) UnmarshalJSON(b []byte) error {
	var j struct {
		Change ChangeKind     `json:"change"`
		Old    *netmib.Socket `json:"old"`
		New    *netmib.Socket `json:"new"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	out := Change{Kind: j.Change}
	if j.Old != nil {
		out.Old = *j.Old
	}
	if j.New != nil {
		out.New = *j.New
	}
	*c = out
	return nil
}

// Diff returns the sockets opened, closed, and changed in state between the
// snapshots old and new: first the opened and changed ones in the order of
// new's sockets, then the closed ones in the order of old's.
//
// Two sockets, one of each snapshot, are the same socket when they have
// the same protocol, family, local and remote addresses, ports and scope
// IDs, and their PIDs and creation timestamps do not contradict each
// other: each is equal, or unknown on one side. A socket's state is not
// part of what it is. Unknown are:
//
//   - a member the row's table does not carry: the PID of a BASIC table,
//     the timestamp of a table without module info;
//   - a timestamp of 0, which Windows writes for TIME_WAIT rows, some
//     SYN_RCVD rows, before Windows 10, and Wine always;
//   - the PID 0 of a TIME_WAIT row of new: Windows gives a connection in
//     TIME_WAIT the PID 0 once its process has let it go, so the
//     ESTABLISHED row of PID 1234 that becomes a TIME_WAIT row of PID 0 is
//     one socket whose state changed, not one closed and one opened. A
//     TIME_WAIT row of old does not match a newer connection on the same
//     endpoints with another PID: that is a new connection.
//
// Any other PID 0 is the PID 0. Because the timestamp is known on Windows
// 10 and later, a connection closed and reopened between the two snapshots
// with the same endpoints, even by a new process that got the same PID,
// shows as closed and opened; where the timestamp is unknown it cannot be
// told from one that stayed open.
//
// When several rows of one snapshot could be the same socket as rows of
// the other (Wine lists a socket once per handle; listeners may share a
// port), Diff pairs identical rows first, then rows that agree on more
// known members, then rows in the same state; what it reports depends
// only on the two sets of rows, never on their order.
//
// Diff takes time O(n log n) in the number of sockets n, and linear time
// when no two rows of a snapshot share their endpoints. It reads each
// snapshot's tables twice, and allocates an index of about 200 bytes per
// socket of old and 40 per socket of new, and the changes it returns.
func Diff(old, new *Snapshot) []Change {
	d := differ{groups: make(map[endpoints]int32, old.count())}
	d.old = d.rows(old, true)
	d.new = d.rows(new, false)
	d.match(old, new)

	// The changes, allocated once: the opened and changed ones from new,
	// then the closed ones from old.
	n := 0
	for i := range d.new {
		if r := &d.new[i]; r.peer < 0 || d.old[r.peer].state != r.state {
			n++
		}
	}
	for i := range d.old {
		if d.old[i].peer < 0 {
			n++
		}
	}
	changes := make([]Change, 0, n)
	i := 0
	for s := range new.Sockets() {
		switch r := &d.new[i]; {
		case r.peer < 0:
			changes = append(changes, Change{Kind: Opened, New: s})
		case d.old[r.peer].state != r.state:
			changes = append(changes, Change{Kind: StateChanged, Old: old.socketAt(d.old[r.peer].at), New: s})
		}
		i++
	}
	i = 0
	for s := range old.Sockets() {
		if d.old[i].peer < 0 {
			changes = append(changes, Change{Kind: Closed, Old: s})
		}
		i++
	}
	return changes
}

// endpoints is what two rows that are the same socket share: protocol,
// family, endpoints and scope IDs. It holds no pointers, so the garbage
// collector need not scan Diff's index.
type endpoints struct {
	proto          netmib.Proto
	family         netmib.Family
	lport, rport   uint16
	local, remote  [16]byte
	lscope, rscope uint32
}

// A diffRow is what Diff keeps of a socket.
type diffRow struct {
	at      location // where the socket is in its snapshot
	group   int32    // the rows of old with the same endpoints; -1 when old has none
	peer    int32    // the row of the other snapshot that is the same socket, or -1
	pid     uint32
	ts      int64
	state   state.State
	pidWild bool // the PID is unknown: it matches any
	tsWild  bool // the timestamp is unknown: it matches any
}

// A location is a socket's table and row in its snapshot.
type location struct{ table, row int32 }

type differ struct {
	groups   map[endpoints]int32 // the group of each endpoints of old
	old, new []diffRow
}

// rows returns the rows of s. The rows of old make the groups; the rows of
// new join them.
func (d *differ) rows(s *Snapshot, old bool) []diffRow {
	rows := make([]diffRow, 0, s.count())
	for at, sock := range s.socketsAt() {
		e := endpoints{
			proto: sock.Proto, family: sock.Family,
			lport: sock.Local.Port(), rport: sock.Remote.Port(),
			local: sock.Local.Addr().As16(), remote: sock.Remote.Addr().As16(),
			lscope: sock.LocalScopeID, rscope: sock.RemoteScopeID,
		}
		g, ok := d.groups[e]
		if !ok && old {
			g, ok = int32(len(d.groups)), true
			d.groups[e] = g
		}
		if !ok {
			g = -1
		}
		rows = append(rows, diffRow{
			at: at, group: g, peer: -1,
			pid: sock.PID, ts: sock.CreateTimestamp, state: sock.State,
			pidWild: !sock.Has(netmib.FieldPID) || (!old && sock.State == state.TimeWait && sock.PID == 0),
			tsWild:  !sock.Has(netmib.FieldCreateTimestamp) || sock.CreateTimestamp == 0,
		})
	}
	return rows
}

// compatible reports whether o and n can be the same socket.
func compatible(o, n *diffRow) bool {
	return (o.pidWild || n.pidWild || o.pid == n.pid) && (o.tsWild || n.tsWild || o.ts == n.ts)
}

// match pairs the rows of old and new that are the same socket, group by
// group: directly when a group has one row on each side, as nearly all do,
// and through matchGroup otherwise.
func (d *differ) match(old, new *Snapshot) {
	// The rows of each group, one group after another: start[g] is the
	// first of group g in olds and news.
	ng := len(d.groups)
	oldStart, newStart := make([]int32, ng+1), make([]int32, ng+1)
	for i := range d.old {
		oldStart[d.old[i].group+1]++
	}
	for i := range d.new {
		if g := d.new[i].group; g >= 0 {
			newStart[g+1]++
		}
	}
	for g := range ng {
		oldStart[g+1] += oldStart[g]
		newStart[g+1] += newStart[g]
	}
	olds, news := make([]int32, len(d.old)), make([]int32, newStart[ng])
	fill := func(rows []diffRow, start, out []int32) {
		next := slices.Clone(start[:ng])
		for i := range rows {
			if g := rows[i].group; g >= 0 {
				out[next[g]] = int32(i)
				next[g]++
			}
		}
	}
	fill(d.old, oldStart, olds)
	fill(d.new, newStart, news)

	m := matcher{d: d, old: old, new: new}
	for g := range ng {
		o, n := olds[oldStart[g]:oldStart[g+1]], news[newStart[g]:newStart[g+1]]
		switch {
		case len(n) == 0:
		case len(o) == 1 && len(n) == 1:
			if compatible(&d.old[o[0]], &d.new[n[0]]) {
				d.pair(o[0], n[0])
			}
		default:
			m.group(o, n)
		}
	}
}

func (d *differ) pair(o, n int32) { d.old[o].peer, d.new[n].peer = n, o }

// A matcher pairs the rows of a group that has more than one row on a
// side, in an order that depends on the rows' values alone.
type matcher struct {
	d        *differ
	old, new *Snapshot
}

// The patterns of a row: which of its PID and timestamp are unknown.
const (
	known   = 0
	tsWild  = 1
	pidWild = 2
)

func pattern(r *diffRow) int {
	p := known
	if r.pidWild {
		p |= pidWild
	}
	if r.tsWild {
		p |= tsWild
	}
	return p
}

// patternPairs are the patterns of an old and a new row, in the order in
// which group tries them: first the pairs that must agree on both the PID
// and the timestamp, then on one of them, then on neither.
var patternPairs = func() (out [][2]int) {
	for want := 2; want >= 0; want-- {
		for o := range 4 {
			for n := range 4 {
				agree := 0
				if o&pidWild == 0 && n&pidWild == 0 {
					agree++
				}
				if o&tsWild == 0 && n&tsWild == 0 {
					agree++
				}
				if agree == want {
					out = append(out, [2]int{o, n})
				}
			}
		}
	}
	return out
}()

// group pairs the rows o of old and n of new, all with the same endpoints.
// It sorts each side by value, pairs identical rows, and then, for each
// pair of patterns in turn, pairs the rows of those patterns that agree on
// the members both know: by PID and timestamp, the same state first.
func (m *matcher) group(o, n []int32) {
	d := m.d
	slices.SortFunc(o, func(a, b int32) int { return compareIn(m.old, &d.old[a], m.old, &d.old[b]) })
	slices.SortFunc(n, func(a, b int32) int { return compareIn(m.new, &d.new[a], m.new, &d.new[b]) })

	// Identical rows: a merge of the two sorted sides.
	d.pairEqual(o, n, func(a, b int32) int { return compareIn(m.old, &d.old[a], m.new, &d.new[b]) })

	var os, ns []int32
	for _, pp := range patternPairs {
		os, ns = os[:0], ns[:0]
		for _, i := range o {
			if r := &d.old[i]; r.peer < 0 && pattern(r) == pp[0] {
				os = append(os, i)
			}
		}
		for _, j := range n {
			if r := &d.new[j]; r.peer < 0 && pattern(r) == pp[1] {
				ns = append(ns, j)
			}
		}
		if len(os) == 0 || len(ns) == 0 {
			continue
		}
		// The members both sides know must agree: order each side by
		// them (stably, keeping the order by value within), then pair the
		// rows of each run of equal keys.
		byPID := pp[0]&pidWild == 0 && pp[1]&pidWild == 0
		byTS := pp[0]&tsWild == 0 && pp[1]&tsWild == 0
		key := func(r *diffRow) (uint32, int64) {
			var pid uint32
			var ts int64
			if byPID {
				pid = r.pid
			}
			if byTS {
				ts = r.ts
			}
			return pid, ts
		}
		keyOf := func(rows []diffRow) func(a, b int32) int {
			return func(a, b int32) int {
				pa, ta := key(&rows[a])
				pb, tb := key(&rows[b])
				return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(ta, tb))
			}
		}
		slices.SortStableFunc(os, keyOf(d.old))
		slices.SortStableFunc(ns, keyOf(d.new))
		for i, j := 0, 0; i < len(os) && j < len(ns); {
			pi, ti := key(&d.old[os[i]])
			pj, tj := key(&d.new[ns[j]])
			switch c := cmp.Or(cmp.Compare(pi, pj), cmp.Compare(ti, tj)); {
			case c < 0:
				i++
			case c > 0:
				j++
			default:
				ei, ej := i, j
				for ei < len(os) && equalKey(key, &d.old[os[ei]], pi, ti) {
					ei++
				}
				for ej < len(ns) && equalKey(key, &d.new[ns[ej]], pj, tj) {
					ej++
				}
				m.pairRun(os[i:ei], ns[j:ej])
				i, j = ei, ej
			}
		}
	}
}

func equalKey(key func(*diffRow) (uint32, int64), r *diffRow, pid uint32, ts int64) bool {
	p, t := key(r)
	return p == pid && t == ts
}

// pairRun pairs the rows o and n, each in order by value: rows in the
// same state first, then the rest in order. It reorders o and n.
func (m *matcher) pairRun(o, n []int32) {
	d := m.d
	slices.SortStableFunc(o, func(a, b int32) int { return cmp.Compare(d.old[a].state, d.old[b].state) })
	slices.SortStableFunc(n, func(a, b int32) int { return cmp.Compare(d.new[a].state, d.new[b].state) })
	d.pairEqual(o, n, func(a, b int32) int { return cmp.Compare(d.old[a].state, d.new[b].state) })
	i := 0
	for _, j := range n {
		if d.new[j].peer >= 0 {
			continue
		}
		for i < len(o) && d.old[o[i]].peer >= 0 {
			i++
		}
		if i == len(o) {
			return
		}
		d.pair(o[i], j)
	}
}

// pairEqual pairs the rows of o (old) and n (new), both sorted in the
// order compare gives across them, that compare finds equal: a merge,
// each row paired at most once.
func (d *differ) pairEqual(o, n []int32, compare func(o, n int32) int) {
	for i, j := 0, 0; i < len(o) && j < len(n); {
		switch c := compare(o[i], n[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			d.pair(o[i], n[j])
			i, j = i+1, j+1
		}
	}
}

// compareIn orders row a of snapshot sa and row b of snapshot sb by
// value: PID, timestamp and state first, then, only when those tie, every
// other member of the two sockets.
func compareIn(sa *Snapshot, a *diffRow, sb *Snapshot, b *diffRow) int {
	if c := compareRows(a, b); c != 0 {
		return c
	}
	x, y := sa.socketAt(a.at), sb.socketAt(b.at)
	return compareSockets(&x, &y)
}

func compareRows(a, b *diffRow) int {
	return cmp.Or(
		cmp.Compare(pattern(a), pattern(b)),
		cmp.Compare(a.pid, b.pid),
		cmp.Compare(a.ts, b.ts),
		cmp.Compare(a.state, b.state),
	)
}

// compareSockets orders sockets by every member.
func compareSockets(a, b *netmib.Socket) int {
	return cmp.Or(
		cmp.Compare(a.Proto, b.Proto),
		cmp.Compare(a.Family, b.Family),
		a.Local.Compare(b.Local),
		a.Remote.Compare(b.Remote),
		cmp.Compare(a.LocalScopeID, b.LocalScopeID),
		cmp.Compare(a.RemoteScopeID, b.RemoteScopeID),
		cmp.Compare(a.State, b.State),
		cmp.Compare(a.PID, b.PID),
		cmp.Compare(a.CreateTimestamp, b.CreateTimestamp),
		bytes.Compare(a.ModuleInfo[:], b.ModuleInfo[:]),
		cmp.Compare(a.Flags, b.Flags),
		cmp.Compare(a.OffloadState, b.OffloadState),
		cmp.Compare(a.Known, b.Known),
	)
}
