package netmib

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
)

// A Proto is the transport protocol of a table and its sockets.
type Proto uint8

// The protocols.
const (
	TCP Proto = 1 // GetExtendedTcpTable, GetTcpTable2, GetTcp6Table2
	UDP Proto = 2 // GetExtendedUdpTable
)

// String returns "TCP", "UDP", or "Proto(n)".
func (p Proto) String() string {
	switch p {
	case TCP:
		return "TCP"
	case UDP:
		return "UDP"
	}
	return "Proto(" + strconv.Itoa(int(p)) + ")"
}

// AppendText appends the protocol's name in lower case, "tcp" or "udp", as
// the JSON forms write it, or "Proto(n)". It implements
// encoding.TextAppender.
func (p Proto) AppendText(b []byte) ([]byte, error) {
	switch p {
	case TCP:
		return append(b, "tcp"...), nil
	case UDP:
		return append(b, "udp"...), nil
	}
	return append(b, p.String()...), nil
}

// MarshalText returns what [Proto.AppendText] appends.
func (p Proto) MarshalText() ([]byte, error) { return p.AppendText(nil) }

// UnmarshalText sets p from the text ParseProto reads.
func (p *Proto) UnmarshalText(text []byte) error {
	v, err := ParseProto(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParseProto returns the protocol s names, in any case: "tcp" or "udp",
// what String returns ("TCP", "Proto(7)"), or what MarshalText returns.
func ParseProto(s string) (Proto, error) {
	switch {
	case strings.EqualFold(s, "tcp"):
		return TCP, nil
	case strings.EqualFold(s, "udp"):
		return UDP, nil
	}
	if v, ok := text.ParseNumbered(s, "Proto", 8); ok {
		return Proto(v), nil
	}
	return 0, fmt.Errorf("netmib: protocol %s is not tcp or udp", text.Quote(s))
}
