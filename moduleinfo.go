package netmib

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
)

// A ModuleInfo is the OwningModuleInfo member of the OWNER_MODULE rows,
// ULONGLONG[16] in the SDK (TCPIP_OWNING_MODULE_SIZE), kept as its 128 bytes
// in buffer order. Windows documents it as opaque: it identifies the module
// that owns a socket to GetOwnerModuleFromPidAndInfo, and in practice only
// its first element carries data, the service tag ([ModuleInfo.ServiceTag]).
// Keeping the bytes rather than sixteen integers keeps it exact on every
// host and makes copying it a plain memory copy.
type ModuleInfo [128]byte

// ServiceTag returns the low 32 bits of the first ULONGLONG: the service tag
// (SubProcessTag) of the thread that bound the socket, which netstat -b
// resolves to the name of a service hosted in svchost.exe, and 0 for
// sockets of other processes.
func (m *ModuleInfo) ServiceTag() uint32 { return binary.LittleEndian.Uint32(m[:4]) }

// Uint64 returns element i of the ULONGLONG[16] array, little-endian as
// Windows stores it. It panics if i is outside [0, 16).
func (m *ModuleInfo) Uint64(i int) uint64 { return binary.LittleEndian.Uint64(m[8*i : 8*i+8]) }

// IsZero reports whether every byte is zero, as in tables without the member
// and in rows of processes that are not services.
func (m *ModuleInfo) IsZero() bool { return *m == ModuleInfo{} }

// AppendText appends the 128 bytes as 256 lowercase hex digits, the form the
// JSON encodings use.
func (m ModuleInfo) AppendText(b []byte) ([]byte, error) { return hex.AppendEncode(b, m[:]), nil }

// MarshalText returns the 128 bytes as 256 lowercase hex digits.
func (m ModuleInfo) MarshalText() ([]byte, error) { return m.AppendText(make([]byte, 0, 2*len(m))) }

// errModuleInfoText is returned by UnmarshalText for text of the wrong length.
var errModuleInfoText = errors.New("netmib: module info must be 256 hex digits")

// UnmarshalText reads the 256 hex digits [ModuleInfo.MarshalText] writes;
// upper-case digits are accepted. On error m is unchanged.
func (m *ModuleInfo) UnmarshalText(text []byte) error {
	if len(text) != 2*len(m) {
		return errModuleInfoText
	}
	var out ModuleInfo
	if _, err := hex.Decode(out[:], text); err != nil {
		return err
	}
	*m = out
	return nil
}

// A Module is the module that owns a socket, as GetOwnerModuleFromPidAndInfo
// reports it: the name netstat -b shows, and the path.
type Module struct {
	Name string // the module's name, such as "svchost.exe", as Windows returns it
	Path string // the module's full path, as Windows returns it; may be empty
}
