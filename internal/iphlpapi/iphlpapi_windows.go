package iphlpapi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"unsafe"
)

// The DLLs are named exactly as the Go runtime registers them, so that
// syscall loads them from System32 only (see the package documentation).
var (
	modiphlpapi = syscall.NewLazyDLL("iphlpapi.dll")
	modntdll    = syscall.NewLazyDLL("ntdll.dll")
	modkernel32 = syscall.NewLazyDLL("kernel32.dll")

	procGetExtendedTcpTable          = modiphlpapi.NewProc("GetExtendedTcpTable")
	procGetExtendedUdpTable          = modiphlpapi.NewProc("GetExtendedUdpTable")
	procGetOwnerModuleFromPidAndInfo = modiphlpapi.NewProc("GetOwnerModuleFromPidAndInfo")
	procWineGetVersion               = modntdll.NewProc("wine_get_version")
	procLstrlenA                     = modkernel32.NewProc("lstrlenA")
	procRtlMoveMemory                = modkernel32.NewProc("RtlMoveMemory")
)

// find reports whether proc exists, as an error wrapping
// errors.ErrUnsupported if it does not: Call on a missing proc panics.
func find(proc *syscall.LazyProc) error {
	if err := proc.Find(); err != nil {
		return fmt.Errorf("%s: %w (%v)", proc.Name, errors.ErrUnsupported, err)
	}
	return nil
}

func extendedTable(proc *syscall.LazyProc, af, class uint32, sorted bool) tableFunc {
	order := uintptr(0)
	if sorted {
		order = 1
	}
	return func(buf []byte, size uint32) (uint32, uint32) {
		var p *byte
		if len(buf) > 0 {
			p = &buf[0]
		}
		// SyscallN rather than proc.Call: its pointer arguments are kept
		// alive without being forced to escape, so size stays on the stack
		// and a reused buffer makes no garbage.
		r, _, _ := syscall.SyscallN(proc.Addr(),
			uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&size)), order, uintptr(af), uintptr(class), 0)
		return uint32(r), size
	}
}

// AppendTCPTable appends the table GetExtendedTcpTable(af, class, sorted)
// returns to dst; see appendTable. emptyHeader is the header size of the
// class's table layout.
func AppendTCPTable(dst []byte, af, class uint32, sorted bool, emptyHeader int) ([]byte, error) {
	if err := find(procGetExtendedTcpTable); err != nil {
		return dst, err
	}
	name := tableCall{"GetExtendedTcpTable", af, class}
	return appendTable(dst, name, emptyHeader, extendedTable(procGetExtendedTcpTable, af, class, sorted))
}

// AppendUDPTable appends the table GetExtendedUdpTable(af, class, sorted)
// returns to dst, as AppendTCPTable does.
func AppendUDPTable(dst []byte, af, class uint32, sorted bool, emptyHeader int) ([]byte, error) {
	if err := find(procGetExtendedUdpTable); err != nil {
		return dst, err
	}
	name := tableCall{"GetExtendedUdpTable", af, class}
	return appendTable(dst, name, emptyHeader, extendedTable(procGetExtendedUdpTable, af, class, sorted))
}

// OwnerModule returns the name and path of the module that owns a socket,
// from its process and OwningModuleInfo, with GetOwnerModuleFromPidAndInfo
// and the TCPIP_OWNER_MODULE_INFO_BASIC class. Wine exports no such
// function: the error then wraps errors.ErrUnsupported.
func OwnerModule(pid uint32, info *[128]byte) (name, path string, err error) {
	const name0 = "GetOwnerModuleFromPidAndInfo"
	if err := find(procGetOwnerModuleFromPidAndInfo); err != nil {
		return "", "", err
	}
	// PULONGLONG: the bytes as sixteen aligned ULONGLONGs (Windows is
	// little-endian on every architecture it runs on).
	var words [16]uint64
	for i := range words {
		words[i] = binary.LittleEndian.Uint64(info[8*i:])
	}
	const basicInfo = 0 // TCPIP_OWNER_MODULE_INFO_BASIC
	return ownerModule(name0, int(unsafe.Sizeof(uintptr(0))), func(buf []byte, size *uint32) (uint32, uintptr) {
		base := unsafe.Pointer(&buf[0])
		r, _, _ := syscall.SyscallN(procGetOwnerModuleFromPidAndInfo.Addr(),
			uintptr(pid), uintptr(unsafe.Pointer(&words[0])), basicInfo, uintptr(base), uintptr(unsafe.Pointer(size)))
		return uint32(r), uintptr(base)
	})
}

// WineVersion returns the version of Wine the program runs under, from
// ntdll's wine_get_version export, and false on Windows itself.
func WineVersion() (string, bool) {
	if procWineGetVersion.Find() != nil {
		return "", false
	}
	r, _, _ := syscall.SyscallN(procWineGetVersion.Addr())
	if r == 0 {
		return "", true
	}
	// A NUL-terminated ASCII string in ntdll's data, such as "8.0". Copy it
	// with kernel32 rather than turning the address into a Go pointer.
	n, _, _ := syscall.SyscallN(procLstrlenA.Addr(), r)
	b := make([]byte, min(n, 64))
	if len(b) > 0 {
		syscall.SyscallN(procRtlMoveMemory.Addr(), uintptr(unsafe.Pointer(&b[0])), r, uintptr(len(b)))
	}
	return string(b), true
}

// Supported reports whether this build can fetch tables: true on Windows.
const Supported = true
