package udpmib

import (
	"fmt"

	"github.com/netmib/netmib/internal/iphlpapi"
	"github.com/netmib/netmib/tcpmib"
)

// AppendFetch calls GetExtendedUdpTable(f, c) and appends the raw table it
// returns to dst, growing dst as needed, exactly as tcpmib.AppendFetch does
// for TCP: bounded retries with slack while the table grows, ERROR_NO_DATA
// as an empty table, and errors that name the call and wrap the Windows
// error code (a syscall.Errno). Decode the result with [ParseTable].
// Elsewhere than Windows it returns an error wrapping errors.ErrUnsupported.
func AppendFetch(dst []byte, f Family, c Class, sorted bool) ([]byte, error) {
	header := 4
	if l, err := LayoutOf(f, c); err == nil {
		header = l.HeaderSize()
	}
	b, err := iphlpapi.AppendUDPTable(dst, uint32(f), uint32(c), sorted, header)
	if err != nil {
		return b, fmt.Errorf("%s: %w", pkg, err)
	}
	return b, nil
}

// Fetch returns the live MIB_UDP6TABLE_OWNER_MODULE of this host, parsed.
// Elsewhere than Windows it returns an error wrapping errors.ErrUnsupported.
func Fetch() (Table, error) {
	b, err := AppendFetch(nil, IPv6, OwnerModule, false)
	if err != nil {
		return Table{}, err
	}
	return IPv6OwnerModule.Parse(b)
}

// LookupOwner returns the module that owns the endpoint e describes, as
// tcpmib.LookupOwner does for TCP; e must come from a table fetched on this
// host moments ago.
func LookupOwner(e Entry) (tcpmib.Owner, error) {
	name, path, err := iphlpapi.OwnerModule(e.PID, &e.ModuleInfo)
	if err != nil {
		return tcpmib.Owner{}, fmt.Errorf("%s: %w", pkg, err)
	}
	return tcpmib.Owner{Name: name, Path: path}, nil
}
