package state

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
)

// An OffloadState is dwOffloadState, the TCP_CONNECTION_OFFLOAD_STATE of a
// connection in the rows of MIB_TCPTABLE2 and MIB_TCP6TABLE2: whether the
// host's TCP stack handles it or has handed it to the network adapter (TCP
// Chimney offload). Get-NetTCPConnection shows it as OffloadState. Values
// outside the enumeration are kept as they are; a row of another table has
// no offload state at all, which is not InHost.
type OffloadState uint32

// The TCP_CONNECTION_OFFLOAD_STATE values of tcpmib.h. The comment after
// each is the SDK name.
const (
	InHost     OffloadState = 0 // TcpConnectionOffloadStateInHost
	Offloading OffloadState = 1 // TcpConnectionOffloadStateOffloading
	Offloaded  OffloadState = 2 // TcpConnectionOffloadStateOffloaded
	Uploading  OffloadState = 3 // TcpConnectionOffloadStateUploading
)

var offloadNames = [...]string{"InHost", "Offloading", "Offloaded", "Uploading"}

// String returns the name Get-NetTCPConnection gives s, such as "InHost",
// or "OffloadState(n)" for a value outside the enumeration.
func (s OffloadState) String() string {
	if s < OffloadState(len(offloadNames)) {
		return offloadNames[s]
	}
	return "OffloadState(" + strconv.FormatUint(uint64(s), 10) + ")"
}

// Valid reports whether s is one of the four values of the enumeration.
func (s OffloadState) Valid() bool { return s < OffloadState(len(offloadNames)) }

// AppendText appends s.String() to b. It implements encoding.TextAppender.
func (s OffloadState) AppendText(b []byte) ([]byte, error) { return append(b, s.String()...), nil }

// MarshalText returns s.String(). It implements encoding.TextMarshaler.
func (s OffloadState) MarshalText() ([]byte, error) { return s.AppendText(nil) }

// UnmarshalText sets s from the text ParseOffloadState reads. It
// implements encoding.TextUnmarshaler.
func (s *OffloadState) UnmarshalText(text []byte) error {
	v, err := ParseOffloadState(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseOffloadState returns the OffloadState that name names: what String
// returns, with or without regard to case ("InHost", "inhost",
// "OffloadState(7)"), or the SDK name ("TcpConnectionOffloadStateInHost").
func ParseOffloadState(name string) (OffloadState, error) {
	n := name
	if len(n) > len("TcpConnectionOffloadState") && strings.EqualFold(n[:len("TcpConnectionOffloadState")], "TcpConnectionOffloadState") {
		n = n[len("TcpConnectionOffloadState"):]
	}
	for i, s := range offloadNames {
		if strings.EqualFold(n, s) {
			return OffloadState(i), nil
		}
	}
	if v, ok := text.ParseNumbered(n, "OffloadState", 32); ok {
		return OffloadState(v), nil
	}
	return 0, fmt.Errorf("%w %s", ErrUnknownOffloadName, text.Quote(name))
}

// ErrUnknownOffloadName is returned (wrapped, with the text quoted) by
// [ParseOffloadState] and [OffloadState.UnmarshalText] when the text names
// no offload state.
var ErrUnknownOffloadName = fmt.Errorf("state: unknown offload state name")
