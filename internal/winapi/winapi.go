// Package winapi is the one seam between this module and Windows: it calls
// the IP Helper functions that fetch connection tables and owner modules
// (GetExtendedTcpTable, GetExtendedUdpTable, GetTcpTable2, GetTcp6Table2,
// GetOwnerModuleFromPidAndInfo), those that return the interface, address,
// route and neighbor tables in a buffer of their own (GetIfTable2,
// GetUnicastIpAddressTable, GetIpForwardTable2, GetIpNetTable2, and
// FreeMibTable to free it), and the functions that name a socket's owners
// (OpenProcess, QueryFullProcessImageNameW, GetProcessTimes,
// I_QueryTagInformation, RtlGetVersion).
//
// Only winapi_windows.go talks to Windows, and it holds no logic: the
// sizing of the first buffer, the bounded retry loop that grows it while
// the table grows, the copy of a table Windows allocated, and the reading
// of the owner-module buffer are here,
// portable, and tested on every OS with fake calls. Elsewhere than Windows every function returns an
// error wrapping errors.ErrUnsupported.
//
// Every DLL but kernel32 is loaded with LoadLibraryExW and
// LOAD_LIBRARY_SEARCH_SYSTEM32, so that only System32's copy can be loaded
// (docs/wire.md §6.4); kernel32 is mapped into every process from System32.
package winapi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall"
	"unicode/utf16"
)

// Windows error codes the functions return (winerror.h). They are
// syscall.Errno values so that callers can test for them with errors.Is on
// Windows, where package syscall names some of them too.
const (
	ErrorNotEnoughMemory    = syscall.Errno(8)    // ERROR_NOT_ENOUGH_MEMORY
	ErrorNotSupported       = syscall.Errno(50)   // ERROR_NOT_SUPPORTED
	ErrorInvalidParameter   = syscall.Errno(87)   // ERROR_INVALID_PARAMETER
	ErrorInsufficientBuffer = syscall.Errno(122)  // ERROR_INSUFFICIENT_BUFFER
	ErrorNoData             = syscall.Errno(232)  // ERROR_NO_DATA
	ErrorPartialCopy        = syscall.Errno(299)  // ERROR_PARTIAL_COPY
	ErrorNotFound           = syscall.Errno(1168) // ERROR_NOT_FOUND
)

// statusUnsuccessful is STATUS_UNSUCCESSFUL (0xC0000001), an NTSTATUS that
// GetExtendedTcpTable has been seen to return when the table changed during
// the call; psutil retries it, and so does this package.
const statusUnsuccessful = 0xC0000001

// Bounds of the retry loop. A table that keeps outgrowing the buffer eight
// times in a row, or that asks for more than MaxTableSize bytes, is an
// error rather than something to spin or allocate on; unbounded retries
// and allocations are the most reported bugs of fetchers in other projects
// (psutil #1294, gopsutil #2108, osquery #8419). MaxTableSize, 256 MiB on
// every architecture, is above the largest table any decoder of this
// module accepts (netmib.MaxRows rows of at most 192 bytes, 192 MiB), and
// leaves a 32-bit process most of its address space.
const (
	MaxAttempts  = 8
	MaxTableSize = 256 << 20
)

// A tableFunc is one call of GetExtendedTcpTable or GetExtendedUdpTable with
// its family, class and order bound: it fills buf (nil when empty), passes
// size as *pdwSize and returns the DWORD result and what Windows left in
// *pdwSize. (size goes by value so that it does not escape to the heap.)
type tableFunc func(buf []byte, size uint32) (ret, newSize uint32)

// A tableCall names a call of GetExtendedTcpTable or GetExtendedUdpTable
// for errors, which are the only place the name is formatted: a successful
// poll allocates nothing.
type tableCall struct {
	fn        string // "GetExtendedTcpTable"
	af, class uint32
}

func (c tableCall) String() string {
	if !strings.HasPrefix(c.fn, "GetExtended") { // GetTcpTable2 and GetTcp6Table2 take neither
		return c.fn
	}
	return fmt.Sprintf("%s(af %d, class %d)", c.fn, c.af, c.class)
}

// A Layout is what the fetch knows of a table's layout: the size of its
// header, written alone for an empty table, and of a row, which sizes the
// first buffer. Zero sizes stand for a layout the caller does not know.
type Layout struct{ Header, Row int }

// DefaultRows is how many rows the first buffer of a call holds when no
// earlier call of the same function, family and class has said how large
// the table is and the caller's buffer has no spare capacity: 32,768, or about 6 MiB for the largest rows. Every call of
// GetExtendedTcpTable and its relatives computes the whole table, whether
// the buffer is large enough or not, so a sizing call followed by a
// filling call costs two tables; on a busy host under Wine one call of
// the OWNER_MODULE classes takes seconds (docs/wire.md §6.3). A buffer
// this large holds nearly every host's table in one call, and costs
// little more than the pages Windows writes: the rest of a fresh
// allocation is never touched.
const DefaultRows = 32768

// lastSizes holds the size of the table each call last returned, by call,
// for the process's next call of it.
var lastSizes struct {
	sync.Mutex
	m map[tableCall]int
}

// lastSize returns the size of the table call last returned, or 0.
func lastSize(call tableCall) int {
	lastSizes.Lock()
	defer lastSizes.Unlock()
	return lastSizes.m[call]
}

func setLastSize(call tableCall, n int) {
	lastSizes.Lock()
	defer lastSizes.Unlock()
	if lastSizes.m == nil {
		lastSizes.m = make(map[tableCall]int)
	}
	lastSizes.m[call] = n
}

// slack returns n and room for the rows a busy host adds before the next
// call: an eighth more, and 4 KiB.
func slack(n uint64) uint64 { return n + n/8 + 4096 }

// appendTable appends the table that call fetches to dst, growing dst until
// the table fits, and returns the extended slice. name names the call in
// errors; l sizes the first buffer and the empty table written when
// Windows answers ERROR_NO_DATA (which .NET also treats as empty).
//
// The common case is one call. The first buffer is the size this call's
// table had last time, with slack, when dst has less room than that
// size; otherwise the room dst has; and DefaultRows rows when there was
// no last time and dst has no spare capacity (a caller that gives spare
// capacity gets a first buffer of that size). When the table has
// outgrown it, the buffer grows to the size Windows reported with slack,
// and with as much again as the table grew between two reports, since a
// table that gains rows while each call computes it will gain them again
// during the next; at most MaxAttempts times. On failure dst is returned unchanged
// in length, with its capacity possibly grown.
func appendTable(dst []byte, name tableCall, l Layout, call tableFunc) ([]byte, error) {
	start := len(dst)
	room := uint64(cap(dst) - start)
	first := room
	if last := lastSize(name); last > 0 && uint64(last) > room {
		first = slack(uint64(last))
	} else if last == 0 && room == 0 {
		first = uint64(l.Header) + DefaultRows*uint64(max(l.Row, 1))
	}
	if first > room {
		dst = slices.Grow(dst[:start], int(min(first, MaxTableSize)))
	}
	var reported uint64 // the size the last failed call reported
	for attempt := 1; ; attempt++ {
		buf := dst[start:cap(dst)]
		if uint64(len(buf)) > MaxTableSize {
			buf = buf[:MaxTableSize] // pdwSize is a DWORD; no table is this large
		}
		ret, size := call(buf, uint32(len(buf)))
		switch ret {
		case 0:
			// pdwSize holds the size of the table, or a little more
			// (Windows 7 reports n*rowsize+12, a few bytes past the rows);
			// keep it within the buffer. Compared as uint64: on 32-bit
			// hosts int(size) can be negative.
			n := len(buf)
			if uint64(size) < uint64(n) {
				n = int(size)
			}
			setLastSize(name, n)
			return dst[:start+n], nil
		case uint32(ErrorNoData):
			setLastSize(name, l.Header)
			return append(dst[:start], make([]byte, l.Header)...), nil
		case uint32(ErrorInsufficientBuffer), uint32(ErrorNotEnoughMemory), statusUnsuccessful:
			// The table grew, or changed size, between the call that
			// reported its size and this one: ERROR_NOT_ENOUGH_MEMORY is
			// what psutil #1294 saw for that, and psutil retries the
			// NTSTATUS too (docs/wire.md §6.2).
			if attempt == MaxAttempts {
				return dst[:start], fmt.Errorf("%s: table still outgrew the buffer after %d attempts: %w", name, attempt, ErrorInsufficientBuffer)
			}
			need := uint64(size)
			if ret == statusUnsuccessful || need <= uint64(len(buf)) {
				need = 2*uint64(len(buf)) + 4096 // no usable size: double
			} else if reported > 0 && need > reported {
				// The table grew by need-reported during a call: leave
				// room for it to grow as much again.
				grew := need - reported
				reported = need
				need += grew
			} else {
				reported = need
			}
			need = slack(need) // room for rows added before the next call
			if need > MaxTableSize {
				return dst[:start], fmt.Errorf("%s: a buffer of %d bytes would exceed %d: %w", name, need, MaxTableSize, ErrorInsufficientBuffer)
			}
			dst = slices.Grow(dst[:start], int(need))
		default:
			return dst[:start], fmt.Errorf("%s: %w", name, syscall.Errno(ret))
		}
	}
}

// An ownerFunc is one call of GetOwnerModuleFromPidAndInfo with its process
// and module info bound: it fills buf, reads and writes *size as pdwSize,
// and returns the DWORD result and the address of buf[0].
type ownerFunc func(buf []byte, size *uint32) (ret uint32, base uintptr)

// maxOwnerSize bounds the owner-module buffer: two pointers and two paths
// of at most 32,767 UTF-16 units each.
const maxOwnerSize = 2*8 + 2*2*32768

// ownerModule calls call until its buffer is large enough, at most
// MaxAttempts times, and reads the module name and path from it.
func ownerModule(name string, ptrSize int, call ownerFunc) (string, string, error) {
	size := uint32(1024)
	for attempt := 1; attempt <= MaxAttempts; attempt++ {
		buf := make([]byte, size) // on the heap: Windows writes pointers into it
		ret, base := call(buf, &size)
		switch ret {
		case 0:
			modName, modPath, err := parseOwner(buf, base, ptrSize)
			if err != nil {
				return "", "", fmt.Errorf("%s: %w", name, err)
			}
			return modName, modPath, nil
		case uint32(ErrorInsufficientBuffer):
			if size <= uint32(len(buf)) {
				size = 2 * uint32(len(buf))
			}
			if size > maxOwnerSize {
				return "", "", fmt.Errorf("%s: buffer of %d bytes requested: %w", name, size, ErrorInsufficientBuffer)
			}
		default:
			return "", "", fmt.Errorf("%s: %w", name, syscall.Errno(ret))
		}
	}
	return "", "", fmt.Errorf("%s: buffer still too small after %d attempts: %w", name, MaxAttempts, ErrorInsufficientBuffer)
}

// ErrNoName is returned when I_QueryTagInformation reports success but
// names no service.
var ErrNoName = errors.New("no name returned")

// ErrOwnerBuffer is returned when GetOwnerModuleFromPidAndInfo reports
// success but its buffer does not hold the strings its pointers promise.
var ErrOwnerBuffer = errors.New("malformed TCPIP_OWNER_MODULE_BASIC_INFO")

// parseOwner reads a TCPIP_OWNER_MODULE_BASIC_INFO from buf, which Windows
// filled at address base:
//
//	typedef struct _TCPIP_OWNER_MODULE_BASIC_INFO {
//	  PWCHAR pModuleName;  // 0
//	  PWCHAR pModulePath;  // ptrSize
//	} TCPIP_OWNER_MODULE_BASIC_INFO;
//
// followed by the NUL-terminated UTF-16 strings the pointers point to, in
// the same buffer. The pointers are never dereferenced: each is turned into
// an offset into buf and checked, so a malformed buffer gives an error, not
// a wild read. A nil pointer gives an empty string, as for protected
// processes queried without privileges.
func parseOwner(buf []byte, base uintptr, ptrSize int) (name, path string, err error) {
	if len(buf) < 2*ptrSize {
		return "", "", ErrOwnerBuffer
	}
	str := func(field int) (string, error) {
		var p uint64
		for i := ptrSize - 1; i >= 0; i-- { // little-endian pointer
			p = p<<8 | uint64(buf[field*ptrSize+i])
		}
		if p == 0 {
			return "", nil
		}
		if p < uint64(base) || p-uint64(base) >= uint64(len(buf)) {
			return "", ErrOwnerBuffer
		}
		s := buf[p-uint64(base):]
		var u []uint16
		for i := 0; ; i += 2 {
			if i+1 >= len(s) {
				return "", ErrOwnerBuffer // no terminating NUL inside the buffer
			}
			c := uint16(s[i]) | uint16(s[i+1])<<8
			if c == 0 {
				break
			}
			u = append(u, c)
		}
		return string(utf16.Decode(u)), nil
	}
	if name, err = str(0); err != nil {
		return "", "", err
	}
	if path, err = str(1); err != nil {
		return "", "", err
	}
	return name, path, nil
}

// A mibCall is one call of a function of netioapi.h that allocates its
// table itself (GetIfTable2 and its relatives; the caller frees the table
// with FreeMibTable): it returns the Windows error code and the address of
// the table Windows allocated.
type mibCall func() (ret uint32, table uintptr)

// appendMibTable calls call, copies the table it allocated, header and
// NumEntries rows of l, to the end of dst with read (which copies
// len(b) bytes from the address p into b), and frees it with free, at
// once. ERROR_NOT_FOUND and ERROR_NO_DATA, which some versions return for
// an empty table, give a table of no rows. A table larger than
// MaxTableSize is an error, and is not copied. On failure dst is returned
// unchanged.
func appendMibTable(dst []byte, fn string, l Layout, call mibCall, read func(b []byte, p uintptr), free func(uintptr)) ([]byte, error) {
	ret, p := call()
	if p != 0 { // a failed call may have allocated too (Wine's GetIpNetTable2 does)
		defer free(p)
	}
	switch {
	case ret == uint32(ErrorNotFound) || ret == uint32(ErrorNoData):
		return append(dst, make([]byte, l.Header)...), nil
	case ret != 0:
		return dst, fmt.Errorf("%s: %w", fn, syscall.Errno(ret))
	case p == 0:
		return dst, fmt.Errorf("%s succeeded and returned no table", fn)
	}
	var count [4]byte
	read(count[:], p)
	n := uint64(binary.LittleEndian.Uint32(count[:]))
	size := uint64(l.Header) + n*uint64(l.Row)
	if size > MaxTableSize {
		return dst, fmt.Errorf("%s returned %d rows, %d bytes: more than %d", fn, n, size, MaxTableSize)
	}
	start := len(dst)
	dst = slices.Grow(dst, int(size))[:start+int(size)]
	read(dst[start:], p)
	return dst, nil
}
