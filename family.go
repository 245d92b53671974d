package netmib

import "strconv"

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

// An Owner is the module that owns a socket, as GetOwnerModuleFromPidAndInfo
// reports it and netstat -b shows it.
type Owner struct {
	Name string // the module's name, such as "svchost.exe", as Windows returns it
	Path string // the module's full path, as Windows returns it; may be empty
}
