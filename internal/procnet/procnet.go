// Package procnet reads the Linux socket tables /proc/net/tcp, tcp6, udp
// and udp6: the kernel's own view of the sockets that Wine's
// GetExtendedTcpTable reports (Wine builds its table from the same files,
// in dlls/nsiproxy.sys). The live tests use it to check a fetched table
// against the kernel; a Wine process reads the files as Z:\proc\net\tcp6.
package procnet

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// A Socket is one line of a /proc/net table.
type Socket struct {
	Local, Remote netip.AddrPort
	State         uint8  // the st column: a Linux TCP state code (see state.FromLinux)
	UID           uint32 // owner's user ID
	Inode         uint64 // the socket's inode; 0 for TIME_WAIT entries
}

// ErrSyntax is returned for a line that is not in the kernel's format.
var ErrSyntax = errors.New("procnet: malformed line")

// Parse reads the text of a /proc/net table. The kernel prints each 32-bit
// word of an address in its own byte order, so order must be the byte
// order of the kernel that wrote the text: binary.LittleEndian on x86 and
// arm64, the hosts Wine runs on.
func Parse(text []byte, order binary.ByteOrder) ([]Socket, error) {
	var out []Socket
	sc := bufio.NewScanner(bytes.NewReader(text))
	first := true
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if first { // the column headings
			first = false
			continue
		}
		if line == "" {
			continue
		}
		s, err := parseLine(line, order)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %v", ErrSyntax, line, err)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

// parseLine reads "sl: local remote st tx:rx tr:when retrnsmt uid timeout inode ...".
func parseLine(line string, order binary.ByteOrder) (Socket, error) {
	f := strings.Fields(line)
	if len(f) < 10 || !strings.HasSuffix(f[0], ":") {
		return Socket{}, errors.New("too few fields")
	}
	var s Socket
	var err error
	if s.Local, err = parseEndpoint(f[1], order); err != nil {
		return s, err
	}
	if s.Remote, err = parseEndpoint(f[2], order); err != nil {
		return s, err
	}
	st, err := strconv.ParseUint(f[3], 16, 8)
	if err != nil {
		return s, err
	}
	s.State = uint8(st)
	uid, err := strconv.ParseUint(f[7], 10, 32)
	if err != nil {
		return s, err
	}
	s.UID = uint32(uid)
	if s.Inode, err = strconv.ParseUint(f[9], 10, 64); err != nil {
		return s, err
	}
	return s, nil
}

// parseEndpoint reads "ADDR:PORT", ADDR being 8 or 32 hex digits of 32-bit
// words in the kernel's byte order and PORT 4 hex digits.
func parseEndpoint(s string, order binary.ByteOrder) (netip.AddrPort, error) {
	a, p, ok := strings.Cut(s, ":")
	if !ok || (len(a) != 8 && len(a) != 32) || len(p) != 4 {
		return netip.AddrPort{}, fmt.Errorf("bad endpoint %q", s)
	}
	raw, err := hex.DecodeString(a)
	if err != nil {
		return netip.AddrPort{}, err
	}
	// Each group of four bytes is a word printed most significant digit
	// first; put it back in memory order.
	b := make([]byte, len(raw))
	for i := 0; i < len(raw); i += 4 {
		order.PutUint32(b[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.AddrPort{}, err
	}
	addr, _ := netip.AddrFromSlice(b)
	return netip.AddrPortFrom(addr, uint16(port)), nil
}
