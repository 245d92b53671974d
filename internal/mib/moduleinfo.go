package mib

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
)

// ModuleInfoLen is the size of OwningModuleInfo: ULONGLONG[16]
// (TCPIP_OWNING_MODULE_SIZE in iprtrmib.h).
const ModuleInfoLen = 16 * 8

// PutModuleInfo writes m to b[0:128] as [ModuleInfo] reads it.
func PutModuleInfo(b []byte, m *[16]uint64) {
	p := (*[ModuleInfoLen]byte)(b[:ModuleInfoLen])
	for i, v := range m {
		binary.LittleEndian.PutUint64(p[8*i:], v)
	}
}

// AppendModuleInfoHex appends the 128 bytes of m, in buffer order, as 256
// lowercase hex digits: the JSON form of OwningModuleInfo.
func AppendModuleInfoHex(dst []byte, m *[16]uint64) []byte {
	var raw [ModuleInfoLen]byte
	PutModuleInfo(raw[:], m)
	return hex.AppendEncode(dst, raw[:])
}

// errModuleInfoHex is returned by ParseModuleInfoHex for text of the wrong length.
var errModuleInfoHex = errors.New("module_info must be 256 hex digits")

// ParseModuleInfoHex reads the text [AppendModuleInfoHex] writes. Upper-case
// digits are accepted.
func ParseModuleInfoHex(s string) (m [16]uint64, err error) {
	if len(s) != 2*ModuleInfoLen {
		return m, errModuleInfoHex
	}
	var raw [ModuleInfoLen]byte
	if _, err := hex.Decode(raw[:], []byte(s)); err != nil {
		return m, err
	}
	ModuleInfo(&m, raw[:], 0)
	return m, nil
}
