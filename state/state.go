// Package state defines [State], the TCP connection state that Windows reports
// in the dwState member of its TCP table rows (the MIB_TCP_STATE enumeration of
// tcpmib.h), with conversions to and from the names other tools use.
//
// Unknown values are data, not errors: a State holds any uint32, and
// [State.String] prints values outside the enumeration as UNKNOWN(n).
package state

import (
	"errors"
	"strconv"
)

// State is a TCP connection state, as MIB_TCP_STATE numbers it.
//
// The zero value is not a state Windows defines; it prints as UNKNOWN(0).
type State uint32

// The MIB_TCP_STATE values, from tcpmib.h. The comment after each constant is
// the SDK name.
const (
	Closed      State = 1   // MIB_TCP_STATE_CLOSED
	Listen      State = 2   // MIB_TCP_STATE_LISTEN
	SynSent     State = 3   // MIB_TCP_STATE_SYN_SENT
	SynReceived State = 4   // MIB_TCP_STATE_SYN_RCVD
	Established State = 5   // MIB_TCP_STATE_ESTAB
	FinWait1    State = 6   // MIB_TCP_STATE_FIN_WAIT1
	FinWait2    State = 7   // MIB_TCP_STATE_FIN_WAIT2
	CloseWait   State = 8   // MIB_TCP_STATE_CLOSE_WAIT
	Closing     State = 9   // MIB_TCP_STATE_CLOSING
	LastAck     State = 10  // MIB_TCP_STATE_LAST_ACK
	TimeWait    State = 11  // MIB_TCP_STATE_TIME_WAIT
	DeleteTCB   State = 12  // MIB_TCP_STATE_DELETE_TCB
	Bound       State = 100 // MIB_TCP_STATE_RESERVED; PowerShell's Get-NetTCPConnection shows it as Bound
)

// names holds the String form of the states 1 to 12, indexed by value.
var names = [...]string{
	Closed:      "CLOSED",
	Listen:      "LISTEN",
	SynSent:     "SYN_SENT",
	SynReceived: "SYN_RECEIVED",
	Established: "ESTABLISHED",
	FinWait1:    "FIN_WAIT_1",
	FinWait2:    "FIN_WAIT_2",
	CloseWait:   "CLOSE_WAIT",
	Closing:     "CLOSING",
	LastAck:     "LAST_ACK",
	TimeWait:    "TIME_WAIT",
	DeleteTCB:   "DELETE_TCB",
}

const boundName = "BOUND"

// ErrUnknownName is returned (wrapped, with the text quoted) by [Parse] and
// [State.UnmarshalText] when the text names no state.
var ErrUnknownName = errors.New("state: unknown state name")

// Valid reports whether s is one of the values MIB_TCP_STATE defines: 1 to 12
// or 100.
func (s State) Valid() bool {
	return (s >= Closed && s <= DeleteTCB) || s == Bound
}

// String returns the name of s: CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED,
// ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
// TIME_WAIT, DELETE_TCB or BOUND, and UNKNOWN(n) with the decimal value for
// anything else. Only the UNKNOWN form allocates.
func (s State) String() string {
	if s >= Closed && s <= DeleteTCB {
		return names[s]
	}
	if s == Bound {
		return boundName
	}
	return string(s.appendUnknown(nil))
}

func (s State) appendUnknown(b []byte) []byte {
	b = append(b, "UNKNOWN("...)
	b = strconv.AppendUint(b, uint64(s), 10)
	return append(b, ')')
}

// AppendText appends the String form of s to b. It never fails.
func (s State) AppendText(b []byte) ([]byte, error) {
	if s.Valid() {
		return append(b, s.String()...), nil
	}
	return s.appendUnknown(b), nil
}

// MarshalText returns the String form of s. It never fails.
func (s State) MarshalText() ([]byte, error) {
	return s.AppendText(nil)
}

// UnmarshalText sets s to the state text names, accepting everything [Parse]
// accepts.
func (s *State) UnmarshalText(text []byte) error {
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
