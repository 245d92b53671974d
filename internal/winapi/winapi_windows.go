package winapi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// This is the one file of the module that calls Windows. It holds no logic
// that could run elsewhere: the retry loop, the parsing of the owner buffer
// and everything above them are portable and tested on every OS.

// Every DLL but kernel32 is loaded with LoadLibraryExW and
// LOAD_LIBRARY_SEARCH_SYSTEM32 (libloaderapi.h), so that only the copy in
// System32 can be loaded, whatever the program's directory or the working
// directory hold (docs/wire.md §6.4). kernel32 itself is mapped into every
// process from System32 before any code runs; package syscall finds it.
const loadLibrarySearchSystem32 = 0x00000800

var (
	kernel32                      = syscall.NewLazyDLL("kernel32.dll")
	procLoadLibraryExW            = kernel32.NewProc("LoadLibraryExW")
	procQueryFullProcessImageName = kernel32.NewProc("QueryFullProcessImageNameW")
	procLstrlenA                  = kernel32.NewProc("lstrlenA")
	procLstrlenW                  = kernel32.NewProc("lstrlenW")
	procRtlMoveMemory             = kernel32.NewProc("RtlMoveMemory")
)

// A systemDLL is a DLL loaded from System32 only, on first use.
type systemDLL struct {
	name string
	once sync.Once
	h    syscall.Handle
	err  error
}

func (d *systemDLL) load() (syscall.Handle, error) {
	d.once.Do(func() {
		if d.err = procLoadLibraryExW.Find(); d.err != nil {
			return
		}
		name, err := syscall.UTF16PtrFromString(d.name)
		if err != nil {
			d.err = err
			return
		}
		h, _, e := syscall.SyscallN(procLoadLibraryExW.Addr(), uintptr(unsafe.Pointer(name)), 0, loadLibrarySearchSystem32)
		if h == 0 {
			d.err = fmt.Errorf("LoadLibraryExW(%q, LOAD_LIBRARY_SEARCH_SYSTEM32): %w", d.name, e)
			return
		}
		d.h = syscall.Handle(h)
	})
	return d.h, d.err
}

// A proc is an export of a systemDLL, found on first use.
type proc struct {
	dll  *systemDLL
	name string
	once sync.Once
	addr uintptr
	err  error
}

// find returns the address of p, or an error wrapping
// errors.ErrUnsupported when the DLL or the export is missing: Wine
// exports no GetOwnerModuleFrom* function.
func (p *proc) find() (uintptr, error) {
	p.once.Do(func() {
		h, err := p.dll.load()
		if err == nil {
			p.addr, err = syscall.GetProcAddress(h, p.name)
		}
		if err != nil {
			p.err = fmt.Errorf("%s!%s: %w (%v)", p.dll.name, p.name, errors.ErrUnsupported, err)
		}
	})
	return p.addr, p.err
}

var (
	iphlpapi = &systemDLL{name: "iphlpapi.dll"}
	sechost  = &systemDLL{name: "sechost.dll"}
	ntdll    = &systemDLL{name: "ntdll.dll"}

	procGetExtendedTcpTable          = &proc{dll: iphlpapi, name: "GetExtendedTcpTable"}
	procGetExtendedUdpTable          = &proc{dll: iphlpapi, name: "GetExtendedUdpTable"}
	procGetOwnerModuleFromPidAndInfo = &proc{dll: iphlpapi, name: "GetOwnerModuleFromPidAndInfo"}
	procGetTcpTable2                 = &proc{dll: iphlpapi, name: "GetTcpTable2"}
	procGetTcp6Table2                = &proc{dll: iphlpapi, name: "GetTcp6Table2"}
	procIQueryTagInformation         = &proc{dll: sechost, name: "I_QueryTagInformation"}
	procRtlGetVersion                = &proc{dll: ntdll, name: "RtlGetVersion"}
	procWineGetVersion               = &proc{dll: ntdll, name: "wine_get_version"}
)

// Supported reports whether this build can fetch tables: true on Windows.
const Supported = true

// extendedTable is the tableFunc of GetExtendedTcpTable or
// GetExtendedUdpTable at addr: (pTable, pdwSize, bOrder, ulAf, TableClass,
// Reserved).
func extendedTable(addr uintptr, af, class uint32, sorted bool) tableFunc {
	order := boolArg(sorted)
	return func(buf []byte, size uint32) (uint32, uint32) {
		// SyscallN keeps its pointer arguments alive without forcing them
		// to escape, so size stays on the stack and a reused buffer makes
		// no garbage.
		r, _, _ := syscall.SyscallN(addr,
			uintptr(unsafe.Pointer(first(buf))), uintptr(unsafe.Pointer(&size)), order, uintptr(af), uintptr(class), 0)
		return uint32(r), size
	}
}

// table2 is the tableFunc of GetTcpTable2 or GetTcp6Table2 at addr:
// (TcpTable, SizePointer, Order).
func table2(addr uintptr, sorted bool) tableFunc {
	order := boolArg(sorted)
	return func(buf []byte, size uint32) (uint32, uint32) {
		r, _, _ := syscall.SyscallN(addr, uintptr(unsafe.Pointer(first(buf))), uintptr(unsafe.Pointer(&size)), order)
		return uint32(r), size
	}
}

// first returns &buf[0], or nil for an empty buf.
func first(buf []byte) *byte {
	if len(buf) == 0 {
		return nil
	}
	return &buf[0]
}

// boolArg is a BOOL argument.
func boolArg(b bool) uintptr {
	if b {
		return 1
	}
	return 0
}

// AppendTCPTable appends the table GetExtendedTcpTable(af, class, sorted)
// returns to dst; see appendTable. l is the class's table layout.
func AppendTCPTable(dst []byte, af, class uint32, sorted bool, l Layout) ([]byte, error) {
	addr, err := procGetExtendedTcpTable.find()
	if err != nil {
		return dst, err
	}
	name := tableCall{"GetExtendedTcpTable", af, class}
	return appendTable(dst, name, l, extendedTable(addr, af, class, sorted))
}

// The address families of Winsock, ulAf's values.
const (
	afInet  = 2  // AF_INET
	afInet6 = 23 // AF_INET6
)

// AppendTCPTable2 appends the table GetTcpTable2 (af AF_INET) or
// GetTcp6Table2 (AF_INET6) returns to dst, as AppendTCPTable does. Any
// other af is ERROR_INVALID_PARAMETER.
func AppendTCPTable2(dst []byte, af uint32, sorted bool, l Layout) ([]byte, error) {
	p := procGetTcpTable2
	if af == afInet6 {
		p = procGetTcp6Table2
	} else if af != afInet {
		return dst, fmt.Errorf("GetTcpTable2 for af %d: %w", af, ErrorInvalidParameter)
	}
	addr, err := p.find()
	if err != nil {
		return dst, err
	}
	return appendTable(dst, tableCall{fn: p.name}, l, table2(addr, sorted))
}

// AppendUDPTable appends the table GetExtendedUdpTable(af, class, sorted)
// returns to dst, as AppendTCPTable does.
func AppendUDPTable(dst []byte, af, class uint32, sorted bool, l Layout) ([]byte, error) {
	addr, err := procGetExtendedUdpTable.find()
	if err != nil {
		return dst, err
	}
	name := tableCall{"GetExtendedUdpTable", af, class}
	return appendTable(dst, name, l, extendedTable(addr, af, class, sorted))
}

// OwnerModule returns the name and path of the module that owns a socket,
// from its process and OwningModuleInfo, with GetOwnerModuleFromPidAndInfo
// and TCPIP_OWNER_MODULE_INFO_BASIC.
func OwnerModule(pid uint32, info *[128]byte) (name, path string, err error) {
	addr, err := procGetOwnerModuleFromPidAndInfo.find()
	if err != nil {
		return "", "", err
	}
	// PULONGLONG: the bytes as sixteen aligned ULONGLONGs. Windows is
	// little-endian on every architecture it runs on.
	var words [16]uint64
	for i := range words {
		words[i] = binary.LittleEndian.Uint64(info[8*i:])
	}
	const basicInfo = 0 // TCPIP_OWNER_MODULE_INFO_BASIC
	return ownerModule("GetOwnerModuleFromPidAndInfo", int(unsafe.Sizeof(uintptr(0))), func(buf []byte, size *uint32) (uint32, uintptr) {
		base := unsafe.Pointer(&buf[0])
		r, _, _ := syscall.SyscallN(addr,
			uintptr(pid), uintptr(unsafe.Pointer(&words[0])), basicInfo, uintptr(base), uintptr(unsafe.Pointer(size)))
		return uint32(r), uintptr(base)
	})
}

// ServiceName returns the name of the service that the service tag tag of
// process pid stands for, with sechost!I_QueryTagInformation and
// eTagInfoLevelNameFromTag, as System Informer and netstat -b do. The
// function is undocumented; its struct is
//
//	typedef struct {
//	  ULONG  dwPid;     // in
//	  ULONG  dwTag;     // in
//	  ULONG  eTagType;  // out: 1 for a service
//	  PWSTR  pszName;   // out: freed with LocalFree
//	} TAG_INFO_NAME_FROM_TAG;
//
// which the Go struct below repeats, with the same alignment on 32- and
// 64-bit Windows.
//
// Wine exports the function as a stub that aborts the calling process
// (docs/wire.md §7.3), so under Wine ServiceName does not call it and returns
// an error wrapping errors.ErrUnsupported.
func ServiceName(pid, tag uint32) (string, error) {
	if v, wine := WineVersion(); wine {
		return "", fmt.Errorf("I_QueryTagInformation: Wine %s implements it as a stub that aborts the process: %w", v, errors.ErrUnsupported)
	}
	addr, err := procIQueryTagInformation.find()
	if err != nil {
		return "", err
	}
	info := struct {
		pid, tag, tagType uint32
		name              uintptr
	}{pid: pid, tag: tag}
	const nameFromTag = 1 // eTagInfoLevelNameFromTag
	r, _, _ := syscall.SyscallN(addr, 0, nameFromTag, uintptr(unsafe.Pointer(&info)))
	if r != 0 {
		return "", fmt.Errorf("I_QueryTagInformation(%d, %d): %w", pid, tag, syscall.Errno(r))
	}
	if info.name == 0 {
		return "", fmt.Errorf("I_QueryTagInformation(%d, %d): %w", pid, tag, ErrNoName)
	}
	defer syscall.LocalFree(syscall.Handle(info.name))
	return copyUTF16(info.name), nil
}

// processQueryLimitedInformation is PROCESS_QUERY_LIMITED_INFORMATION.
const processQueryLimitedInformation = 0x1000

// ProcessImage returns the full path of the image of process pid and the
// FILETIME it was created at, with OpenProcess, QueryFullProcessImageNameW
// and GetProcessTimes.
func ProcessImage(pid uint32) (path string, created int64, err error) {
	if err := procQueryFullProcessImageName.Find(); err != nil {
		return "", 0, fmt.Errorf("QueryFullProcessImageNameW: %w (%v)", errors.ErrUnsupported, err)
	}
	h, err := syscall.OpenProcess(processQueryLimitedInformation, false, pid)
	if err != nil {
		return "", 0, fmt.Errorf("OpenProcess(%d): %w", pid, err)
	}
	defer syscall.CloseHandle(h)
	buf := make([]uint16, 32768) // the longest path Windows has
	size := uint32(len(buf))
	r, _, e := syscall.SyscallN(procQueryFullProcessImageName.Addr(), uintptr(h), 0, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
	if r == 0 {
		return "", 0, fmt.Errorf("QueryFullProcessImageNameW(%d): %w", pid, e)
	}
	var c, x, k, u syscall.Filetime
	if err := syscall.GetProcessTimes(h, &c, &x, &k, &u); err != nil {
		return "", 0, fmt.Errorf("GetProcessTimes(%d): %w", pid, err)
	}
	return syscall.UTF16ToString(buf[:size]), int64(c.HighDateTime)<<32 | int64(c.LowDateTime), nil
}

// Version returns the Windows version, from ntdll!RtlGetVersion, which
// unlike GetVersionEx does not depend on the program's manifest.
func Version() (major, minor, build uint32, err error) {
	addr, err := procRtlGetVersion.find()
	if err != nil {
		return 0, 0, 0, err
	}
	var v struct { // RTL_OSVERSIONINFOW
		size, major, minor, build, platform uint32
		csd                                 [128]uint16
	}
	v.size = uint32(unsafe.Sizeof(v))
	r, _, _ := syscall.SyscallN(addr, uintptr(unsafe.Pointer(&v)))
	if r != 0 {
		return 0, 0, 0, fmt.Errorf("RtlGetVersion: NTSTATUS %#x", r)
	}
	return v.major, v.minor, v.build, nil
}

// WineVersion returns the version of Wine the program runs under, from
// ntdll's wine_get_version export, and false on Windows itself.
func WineVersion() (string, bool) {
	addr, err := procWineGetVersion.find()
	if err != nil {
		return "", false
	}
	r, _, _ := syscall.SyscallN(addr)
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

// copyUTF16 copies the NUL-terminated UTF-16 string Windows allocated at p,
// with kernel32 rather than by turning the address into a Go pointer.
func copyUTF16(p uintptr) string {
	n, _, _ := syscall.SyscallN(procLstrlenW.Addr(), p)
	u := make([]uint16, min(n, 32768))
	if len(u) > 0 {
		syscall.SyscallN(procRtlMoveMemory.Addr(), uintptr(unsafe.Pointer(&u[0])), p, uintptr(2*len(u)))
	}
	return syscall.UTF16ToString(u)
}

var (
	procFreeMibTable = &proc{dll: iphlpapi, name: "FreeMibTable"}
	mibProcs         = map[string]*proc{
		"GetIfTable2":              {dll: iphlpapi, name: "GetIfTable2"},
		"GetUnicastIpAddressTable": {dll: iphlpapi, name: "GetUnicastIpAddressTable"},
		"GetIpForwardTable2":       {dll: iphlpapi, name: "GetIpForwardTable2"},
		"GetIpNetTable2":           {dll: iphlpapi, name: "GetIpNetTable2"},
	}
)

// AppendMibTable calls fn, one of the keys of mibProcs (with AF_UNSPEC,
// all but GetIfTable2, which takes no family), and appends the table it returns,
// of layout l, to dst; see appendMibTable.
func AppendMibTable(dst []byte, fn string, l Layout) ([]byte, error) {
	p, ok := mibProcs[fn]
	if !ok {
		return dst, fmt.Errorf("%s: not a table function: %w", fn, ErrorInvalidParameter)
	}
	addr, err := p.find()
	if err != nil {
		return dst, err
	}
	free, err := procFreeMibTable.find()
	if err != nil {
		return dst, err
	}
	const afUnspec = 0
	call := func() (uint32, uintptr) {
		var table uintptr
		var r uintptr
		if fn == "GetIfTable2" {
			r, _, _ = syscall.SyscallN(addr, uintptr(unsafe.Pointer(&table)))
		} else {
			r, _, _ = syscall.SyscallN(addr, afUnspec, uintptr(unsafe.Pointer(&table)))
		}
		return uint32(r), table
	}
	read := func(b []byte, p uintptr) {
		syscall.SyscallN(procRtlMoveMemory.Addr(), uintptr(unsafe.Pointer(first(b))), p, uintptr(len(b)))
	}
	return appendMibTable(dst, fn, l, call, read, func(p uintptr) { syscall.SyscallN(free, p) })
}
