package netmib

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
)

// A Family is an address family, as the ulAf argument of
// GetExtendedTcpTable and GetExtendedUdpTable takes it (ws2def.h).
type Family uint32

// The address families the IP Helper tables hold.
const (
	IPv4 Family = 2  // AF_INET
	IPv6 Family = 23 // AF_INET6
)

// String returns "IPv4", "IPv6", or "Family(n)" for any other value.
func (f Family) String() string {
	switch f {
	case IPv4:
		return "IPv4"
	case IPv6:
		return "IPv6"
	}
	return "Family(" + strconv.FormatUint(uint64(f), 10) + ")"
}

// AppendText appends f.String(). It implements encoding.TextAppender.
func (f Family) AppendText(b []byte) ([]byte, error) { return append(b, f.String()...), nil }

// MarshalText returns f.String().
func (f Family) MarshalText() ([]byte, error) { return f.AppendText(nil) }

// UnmarshalText sets f from the text ParseFamily reads.
func (f *Family) UnmarshalText(text []byte) error {
	v, err := ParseFamily(string(text))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// ParseFamily returns the family s names, in any case: what String returns
// ("IPv4", "IPv6", "Family(7)"), "4" or "6", or the Winsock names
// "AF_INET" and "AF_INET6".
func ParseFamily(s string) (Family, error) {
	switch {
	case s == "4", strings.EqualFold(s, "IPv4"), strings.EqualFold(s, "AF_INET"):
		return IPv4, nil
	case s == "6", strings.EqualFold(s, "IPv6"), strings.EqualFold(s, "AF_INET6"):
		return IPv6, nil
	}
	if v, ok := text.ParseNumbered(s, "Family", 32); ok {
		return Family(v), nil
	}
	return 0, fmt.Errorf("netmib: family %s is not IPv4 or IPv6", text.Quote(s))
}
