package tcpmib

import (
	"fmt"
	"strconv"

	"github.com/netmib/netmib/internal/iphlpapi"
)

// A Family is the address family argument (ulAf) of GetExtendedTcpTable.
type Family uint32

// The address families GetExtendedTcpTable accepts (ws2def.h).
const (
	IPv4 Family = 2  // AF_INET
	IPv6 Family = 23 // AF_INET6
)

// String returns "IPv4", "IPv6", or "Family(n)".
func (f Family) String() string {
	switch f {
	case IPv4:
		return "IPv4"
	case IPv6:
		return "IPv6"
	}
	return "Family(" + strconv.FormatUint(uint64(f), 10) + ")"
}

// A Class is the TableClass argument of GetExtendedTcpTable: which sockets
// (listeners, connections or all) and which owner data the rows carry. It
// is the TCP_TABLE_CLASS enumeration of iprtrmib.h.
type Class uint32

// The TCP_TABLE_CLASS values. The comment after each is the SDK name.
const (
	BasicListener          Class = 0 // TCP_TABLE_BASIC_LISTENER
	BasicConnections       Class = 1 // TCP_TABLE_BASIC_CONNECTIONS
	BasicAll               Class = 2 // TCP_TABLE_BASIC_ALL
	OwnerPIDListener       Class = 3 // TCP_TABLE_OWNER_PID_LISTENER
	OwnerPIDConnections    Class = 4 // TCP_TABLE_OWNER_PID_CONNECTIONS
	OwnerPIDAll            Class = 5 // TCP_TABLE_OWNER_PID_ALL
	OwnerModuleListener    Class = 6 // TCP_TABLE_OWNER_MODULE_LISTENER
	OwnerModuleConnections Class = 7 // TCP_TABLE_OWNER_MODULE_CONNECTIONS
	OwnerModuleAll         Class = 8 // TCP_TABLE_OWNER_MODULE_ALL
)

var classNames = [...]string{
	"BasicListener", "BasicConnections", "BasicAll",
	"OwnerPIDListener", "OwnerPIDConnections", "OwnerPIDAll",
	"OwnerModuleListener", "OwnerModuleConnections", "OwnerModuleAll",
}

// String returns the constant's name, such as "OwnerModuleAll", or
// "Class(n)".
func (c Class) String() string {
	if c < Class(len(classNames)) {
		return classNames[c]
	}
	return "Class(" + strconv.FormatUint(uint64(c), 10) + ")"
}

// AppendFetch calls GetExtendedTcpTable(f, c) and appends the raw table it
// returns to dst, growing dst as needed, so that a polling loop that passes
// its previous buffer back as buf[:0] makes no garbage once the buffer is
// large enough. sorted asks Windows to sort the rows (bOrder).
//
// The table can grow between the call that reports its size and the call
// that fills the buffer: AppendFetch retries ERROR_INSUFFICIENT_BUFFER, and
// the undocumented STATUS_UNSUCCESSFUL some versions return, with slack and
// at most eight times. ERROR_NO_DATA gives an empty table. Any other failure
// is an error that names the call and wraps the Windows error code as a
// syscall.Errno, for errors.Is. On failure dst is returned with its length
// unchanged.
//
// The table's layout follows from f and c: decode it with [ParseTable]
// (see [LayoutOf]); [Fetch] parses the IPv6 OWNER_MODULE table. Elsewhere than Windows AppendFetch returns an
// error wrapping errors.ErrUnsupported.
func AppendFetch(dst []byte, f Family, c Class, sorted bool) ([]byte, error) {
	header := 4 // for an empty table of a class this package does not know
	if l, err := LayoutOf(f, c); err == nil {
		header = l.HeaderSize()
	}
	b, err := iphlpapi.AppendTCPTable(dst, uint32(f), uint32(c), sorted, header)
	if err != nil {
		return b, fmt.Errorf("%s: %w", pkg, err)
	}
	return b, nil
}

// Fetch returns the live MIB_TCP6TABLE_OWNER_MODULE of this host, with all
// sockets, parsed: AppendFetch(nil, IPv6, OwnerModuleAll, false), then
// [Parse]. Elsewhere than Windows it returns an error wrapping
// errors.ErrUnsupported.
func Fetch() (Table, error) {
	b, err := AppendFetch(nil, IPv6, OwnerModuleAll, false)
	if err != nil {
		return Table{}, err
	}
	return Parse(b)
}

// An Owner is the module that owns a socket: what netstat -b shows.
type Owner struct {
	Name string // file name of the module, such as "svchost.exe", or "System"
	Path string // full path of the module; empty for System, and for protected processes when not elevated
}

// LookupOwner returns the module that owns the socket e describes, from its
// PID and ModuleInfo, with GetOwnerModuleFromPidAndInfo. e must come from a
// table fetched on this host moments ago: the answer is about the live
// process with that PID.
//
// PID 0 (the idle process, and TIME_WAIT rows) and processes that have
// exited give an error wrapping ERROR_NOT_FOUND (syscall.Errno(1168));
// System (PID 4) gives "System"; ERROR_PARTIAL_COPY and other failures are
// wrapped likewise. Where the function does not exist (Wine exports none)
// and elsewhere than Windows, the error wraps errors.ErrUnsupported.
func LookupOwner(e Entry) (Owner, error) {
	name, path, err := iphlpapi.OwnerModule(e.PID, &e.ModuleInfo)
	if err != nil {
		return Owner{}, fmt.Errorf("%s: %w", pkg, err)
	}
	return Owner{Name: name, Path: path}, nil
}
