package ipconfig

import (
	"fmt"

	"github.com/netmib/netmib/internal/winapi"
)

// AppendFetch calls the function that returns the table of kind k
// (GetIfTable2, or the others with AF_UNSPEC, for both families) and
// appends the table to dst: the header and NumEntries rows, copied out of
// the memory Windows allocated for it, which is freed at once with
// FreeMibTable. An empty table (ERROR_NOT_FOUND, ERROR_NO_DATA) is a
// header of no rows. Any other failure is an error that names the
// function and wraps the Windows error code as a syscall.Errno; a
// producer that lacks the function gives an error wrapping
// errors.ErrUnsupported. On failure dst is returned unchanged.
//
// Elsewhere than Windows AppendFetch returns an error wrapping
// errors.ErrUnsupported.
func AppendFetch(dst []byte, k Kind) ([]byte, error) {
	if !k.valid() {
		return dst, fmt.Errorf("ipconfig: %v is not a table", k)
	}
	b, err := winapi.AppendMibTable(dst, k.Function(), winapi.Layout{Header: headerSize, Row: k.RowSize()})
	if err != nil {
		return b, fmt.Errorf("ipconfig: %w", err)
	}
	return b, nil
}
