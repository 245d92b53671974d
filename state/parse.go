package state

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
)

// spellings maps every known name of a state, upper-cased and with the
// separators '_', '-' and ' ' removed, to its value. The sources:
//   - the SDK's MIB_TCP_STATE_* names, without the prefix (SYN_RCVD, ESTAB, ...);
//   - RFC 793 (SYN-RECEIVED, FIN-WAIT-1, ...) and this package's String forms;
//   - Linux and psutil (SYN_RECV, FIN_WAIT1, CLOSE, ...);
//   - gopsutil on Windows (SYN_RECEIVED, DELETE);
//   - netstat.exe (LISTENING) and PowerShell's Get-NetTCPConnection
//     (SynReceived, FinWait1, DeleteTCB, Bound).
var spellings = map[string]State{
	"CLOSED":      Closed,
	"CLOSE":       Closed,
	"LISTEN":      Listen,
	"LISTENING":   Listen,
	"SYNSENT":     SynSent,
	"SYNRCVD":     SynReceived,
	"SYNRECEIVED": SynReceived,
	"SYNRECV":     SynReceived,
	"ESTAB":       Established,
	"ESTABLISHED": Established,
	"FINWAIT1":    FinWait1,
	"FINWAIT2":    FinWait2,
	"CLOSEWAIT":   CloseWait,
	"CLOSING":     Closing,
	"LASTACK":     LastAck,
	"TIMEWAIT":    TimeWait,
	"DELETETCB":   DeleteTCB,
	"DELETE":      DeleteTCB,
	"RESERVED":    Bound,
	"BOUND":       Bound,
}

// sdkPrefix is the MIB_TCP_STATE_ prefix with its separators removed.
const sdkPrefix = "MIBTCPSTATE"

// maxName bounds the length of a name Parse normalises; no spelling is longer.
const maxName = 32

// Parse returns the state that s names. It accepts, in any letter case and
// with '-', '_' or ' ' as separators (or none):
//   - the SDK names, with or without the MIB_TCP_STATE_ prefix
//     (MIB_TCP_STATE_SYN_RCVD, ESTAB, RESERVED);
//   - the String forms of this package (SYN_RECEIVED, FIN_WAIT_1, BOUND) and
//     the RFC 793 names (SYN-RECEIVED, FIN-WAIT-1);
//   - the Linux and psutil names (SYN_RECV, FIN_WAIT1, CLOSE), gopsutil's
//     DELETE, netstat's LISTENING and PowerShell's (SynReceived, DeleteTCB);
//   - UNKNOWN(n), as String prints values outside the enumeration, so that
//     Parse(s.String()) == s for every State.
//
// Separators are dropped before matching, so Parse is lenient about them
// (L_I_S_T_E_N parses as LISTEN), and UNKNOWN(n) accepts leading zeros. Any
// other text gives an error wrapping [ErrUnknownName]. Parse does not
// allocate when it succeeds.
func Parse(s string) (State, error) {
	if v, ok := parseUnknown(s); ok {
		return v, nil
	}
	var buf [maxName]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c == '-' || c == ' ':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9'):
		default:
			return 0, unknownName(s)
		}
		if n == len(buf) {
			return 0, unknownName(s)
		}
		buf[n] = c
		n++
	}
	key := buf[:n]
	if len(key) > len(sdkPrefix) && string(key[:len(sdkPrefix)]) == sdkPrefix {
		key = key[len(sdkPrefix):]
	}
	if v, ok := spellings[string(key)]; ok {
		return v, nil
	}
	return 0, unknownName(s)
}

// parseUnknown reads the UNKNOWN(n) form, n a decimal uint32.
func parseUnknown(s string) (State, bool) {
	const prefix = "UNKNOWN("
	if len(s) <= len(prefix)+1 || !strings.EqualFold(s[:len(prefix)], prefix) || s[len(s)-1] != ')' {
		return 0, false
	}
	digits := s[len(prefix) : len(s)-1]
	if digits[0] < '0' || digits[0] > '9' { // ParseUint accepts neither sign, but be explicit
		return 0, false
	}
	v, err := strconv.ParseUint(digits, 10, 32)
	if err != nil {
		return 0, false
	}
	return State(v), true
}

func unknownName(s string) error {
	return fmt.Errorf("%w %s", ErrUnknownName, text.Quote(s))
}

// FromLinux returns the state for a Linux TCP state code, the st column of
// /proc/net/tcp and /proc/net/tcp6, mapped as Wine maps it
// (dlls/nsiproxy.sys/tcp.c): 0x01 ESTABLISHED, 0x02 SYN_SENT, 0x03
// SYN_RECEIVED, 0x04 FIN_WAIT_1, 0x05 FIN_WAIT_2, 0x06 TIME_WAIT, 0x07 CLOSED,
// 0x08 CLOSE_WAIT, 0x09 LAST_ACK, 0x0A LISTEN, 0x0B CLOSING. Every other code,
// 0x0C (TCP_NEW_SYN_RECV) among them, gives CLOSED, as in Wine.
func FromLinux(code uint8) State {
	switch code {
	case 0x01:
		return Established
	case 0x02:
		return SynSent
	case 0x03:
		return SynReceived
	case 0x04:
		return FinWait1
	case 0x05:
		return FinWait2
	case 0x06:
		return TimeWait
	case 0x08:
		return CloseWait
	case 0x09:
		return LastAck
	case 0x0A:
		return Listen
	case 0x0B:
		return Closing
	}
	return Closed
}
