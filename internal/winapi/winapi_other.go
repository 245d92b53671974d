//go:build !windows

package winapi

import (
	"errors"
	"fmt"
)

// unsupported is the error every fetch returns elsewhere than Windows.
func unsupported(call string) error {
	return fmt.Errorf("%s: only on Windows: %w", call, errors.ErrUnsupported)
}

// AppendTCPTable returns dst and an error wrapping errors.ErrUnsupported:
// GetExtendedTcpTable exists only on Windows.
func AppendTCPTable(dst []byte, af, class uint32, sorted bool, l Layout) ([]byte, error) {
	return dst, unsupported("GetExtendedTcpTable")
}

// AppendTCPTable2 returns dst and an error wrapping errors.ErrUnsupported.
func AppendTCPTable2(dst []byte, af uint32, sorted bool, l Layout) ([]byte, error) {
	return dst, unsupported("GetTcpTable2")
}

// AppendUDPTable returns dst and an error wrapping errors.ErrUnsupported.
func AppendUDPTable(dst []byte, af, class uint32, sorted bool, l Layout) ([]byte, error) {
	return dst, unsupported("GetExtendedUdpTable")
}

// OwnerModule returns an error wrapping errors.ErrUnsupported.
func OwnerModule(pid uint32, info *[128]byte) (name, path string, err error) {
	return "", "", unsupported("GetOwnerModuleFromPidAndInfo")
}

// ServiceName returns an error wrapping errors.ErrUnsupported.
func ServiceName(pid, tag uint32) (string, error) {
	return "", unsupported("I_QueryTagInformation")
}

// ProcessImage returns an error wrapping errors.ErrUnsupported.
func ProcessImage(pid uint32) (path string, created int64, err error) {
	return "", 0, unsupported("QueryFullProcessImageNameW")
}

// Version returns an error wrapping errors.ErrUnsupported.
func Version() (major, minor, build uint32, err error) {
	return 0, 0, 0, unsupported("RtlGetVersion")
}

// WineVersion returns false: there is no Wine here.
func WineVersion() (string, bool) { return "", false }

// Supported reports whether this build can fetch tables: false here.
const Supported = false

// AppendMibTable returns dst and an error wrapping errors.ErrUnsupported.
func AppendMibTable(dst []byte, fn string, l Layout) ([]byte, error) {
	return dst, unsupported(fn)
}
