package winapi

import (
	"bytes"
	"encoding/binary"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

var tcp = tableCall{"GetExtendedTcpTable", 23, 8}

// v6 is the layout of MIB_TCP6TABLE_OWNER_MODULE.
var v6 = Layout{Header: 8, Row: 192}

// forget forgets the sizes earlier calls returned, as a new process would.
func forget() {
	lastSizes.Lock()
	lastSizes.m = nil
	lastSizes.Unlock()
}

// fakeTable plays GetExtendedTcpTable over a table that grows by grow bytes
// on every call, as a busy host's does between the size query and the fill.
type fakeTable struct {
	size, grow int
	calls      int
	ret        []uint32 // results to return first, before the normal behaviour
}

func (f *fakeTable) call(buf []byte, size uint32) (uint32, uint32) {
	f.calls++
	if len(f.ret) > 0 {
		r := f.ret[0]
		f.ret = f.ret[1:]
		return r, size
	}
	defer func() { f.size += f.grow }()
	if int(size) < f.size || len(buf) < f.size {
		return uint32(ErrorInsufficientBuffer), uint32(f.size)
	}
	for i := range f.size {
		buf[i] = byte(i)
	}
	return 0, uint32(f.size)
}

func want(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// TestAppendTableOneCall checks that the common case is one call of the
// producer, which computes the whole table every time it is called.
func TestAppendTableOneCall(t *testing.T) {
	forget()
	f := &fakeTable{size: 1000}
	got, err := appendTable(nil, tcp, v6, f.call)
	require.NoError(t, err)
	require.Equal(t, want(1000), got)
	require.Equal(t, 1, f.calls, "the first buffer holds DefaultRows rows")

	// A table larger than that takes a second call the first time, and
	// one call afterwards, even while it grows.
	big := &fakeTable{size: 8 + 40000*192, grow: 50 * 192}
	got, err = appendTable(nil, tcp, v6, big.call)
	require.NoError(t, err)
	require.Len(t, got, 8+40050*192)
	require.Equal(t, 2, big.calls, "one call finds the size, one fills the buffer")
	for range 3 {
		prev := len(got)
		big.calls = 0
		got, err = appendTable(nil, tcp, v6, big.call)
		require.NoError(t, err)
		require.Equal(t, 1, big.calls, "the last size, with slack, sizes the buffer")
		require.Greater(t, len(got), prev, "the whole grown table")
	}

	// Another call has a size of its own.
	f = &fakeTable{size: 1000}
	_, err = appendTable(nil, tableCall{"GetExtendedTcpTable", 2, 8}, Layout{Header: 8, Row: 160}, f.call)
	require.NoError(t, err)
	require.Equal(t, 1, f.calls)
}

func TestAppendTableGrowingTable(t *testing.T) {
	forget()
	// The table grows by 3 rows of 192 bytes between calls; the slack added
	// to the reported size absorbs that.
	f := &fakeTable{size: 8 + 192*50, grow: 3 * 192}
	got, err := appendTable(make([]byte, 0, 16), tcp, v6, f.call)
	require.NoError(t, err)
	require.Equal(t, 8+192*53, len(got))
	require.Equal(t, 2, f.calls)
}

// TestAppendTableFastGrowingTable plays a host whose table gains more rows
// during each call than the slack allows for, as connections that close
// into TIME_WAIT pile up: the buffer grows by what the table grew, and the
// fetch ends in a few calls instead of giving up.
func TestAppendTableFastGrowingTable(t *testing.T) {
	forget()
	f := &fakeTable{size: 8 + 40000*192, grow: 20000 * 192}
	got, err := appendTable(nil, tcp, v6, f.call)
	require.NoError(t, err)
	require.Equal(t, f.size-f.grow, len(got))
	require.LessOrEqual(t, f.calls, 4)
	t.Logf("%d calls", f.calls)
}

func TestAppendTableKeepsPrefixAndReusesBuffer(t *testing.T) {
	forget()
	f := &fakeTable{size: 500}
	dst := make([]byte, 3, 4096)
	copy(dst, "abc")
	got, err := appendTable(dst, tcp, v6, f.call)
	require.NoError(t, err)
	require.Equal(t, "abc", string(got[:3]))
	require.Equal(t, want(500), got[3:])
	require.Same(t, &dst[:1][0], &got[0], "a buffer with room is reused")
	require.Equal(t, 1, f.calls)

	allocs := testing.AllocsPerRun(20, func() {
		got, err = appendTable(got[:0], tcp, v6, f.call)
	})
	require.NoError(t, err)
	require.Zero(t, allocs, "polling with a reused buffer makes no garbage")
}

func TestAppendTableTrimsToBuffer(t *testing.T) {
	forget()
	call := func(buf []byte, size uint32) (uint32, uint32) {
		return 0, uint32(len(buf)) + 12 // success, but a size larger than the buffer
	}
	got, err := appendTable(make([]byte, 0, 100), tcp, v6, call)
	require.NoError(t, err)
	require.Len(t, got, 100)
}

func TestAppendTableNoData(t *testing.T) {
	forget()
	f := &fakeTable{ret: []uint32{uint32(ErrorNoData)}}
	got, err := appendTable([]byte{9}, tcp, v6, f.call)
	require.NoError(t, err)
	require.Equal(t, []byte{9, 0, 0, 0, 0, 0, 0, 0, 0}, got, "an empty table: dwNumEntries 0 and padding")
	got, err = appendTable(nil, tcp, Layout{Header: 4, Row: 20}, (&fakeTable{ret: []uint32{uint32(ErrorNoData)}}).call)
	require.NoError(t, err)
	require.Equal(t, []byte{0, 0, 0, 0}, got)
}

func TestAppendTableStatusUnsuccessfulRetried(t *testing.T) {
	forget()
	f := &fakeTable{size: 300, ret: []uint32{statusUnsuccessful, statusUnsuccessful}}
	got, err := appendTable(nil, tcp, v6, f.call)
	require.NoError(t, err)
	require.Len(t, got, 300)
	require.Equal(t, 3, f.calls)
}

func TestAppendTableGivesUp(t *testing.T) {
	forget()
	// A table that always outgrows the buffer by more than the slack:
	// bounded, no spin.
	calls := 0
	call := func(buf []byte, size uint32) (uint32, uint32) {
		calls++
		return uint32(ErrorInsufficientBuffer), uint32(len(buf) + 100) // always just out of reach
	}
	dst := []byte("keep")
	got, err := appendTable(dst, tcp, Layout{Header: 8, Row: 1}, call)
	require.ErrorIs(t, err, ErrorInsufficientBuffer)
	require.Contains(t, err.Error(), "GetExtendedTcpTable(af 23, class 8): table still outgrew the buffer after 8 attempts")
	require.Equal(t, MaxAttempts, calls)
	require.Equal(t, "keep", string(got))
}

func TestAppendTableRefusesHugeSize(t *testing.T) {
	forget()
	call := func(buf []byte, size uint32) (uint32, uint32) {
		return uint32(ErrorInsufficientBuffer), 0xffffffff
	}
	_, err := appendTable(nil, tcp, v6, call)
	require.ErrorIs(t, err, ErrorInsufficientBuffer)
	require.Contains(t, err.Error(), "would exceed")
}

func TestAppendTableErrors(t *testing.T) {
	forget()
	for _, code := range []syscall.Errno{ErrorInvalidParameter, ErrorNotSupported, 5 /* ERROR_ACCESS_DENIED */} {
		f := &fakeTable{ret: []uint32{uint32(code)}}
		got, err := appendTable([]byte("x"), tableCall{"GetExtendedTcpTable", 23, 1}, v6, f.call)
		require.ErrorIs(t, err, code)
		var errno syscall.Errno
		require.ErrorAs(t, err, &errno)
		require.Equal(t, code, errno)
		require.Contains(t, err.Error(), "GetExtendedTcpTable(af 23, class 1): ")
		require.Equal(t, "x", string(got))
	}
}

// ownerBuffer lays out a TCPIP_OWNER_MODULE_BASIC_INFO as Windows would at
// address base: two pointers, then the strings.
func ownerBuffer(base uint64, ptrSize int, name, path string, nilName bool) []byte {
	putPtr := func(b []byte, p uint64) {
		if ptrSize == 8 {
			binary.LittleEndian.PutUint64(b, p)
		} else {
			binary.LittleEndian.PutUint32(b, uint32(p))
		}
	}
	buf := make([]byte, 2*ptrSize)
	enc := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
		return append(b, 0, 0)
	}
	nameOff := uint64(len(buf))
	buf = append(buf, enc(name)...)
	pathOff := uint64(len(buf))
	buf = append(buf, enc(path)...)
	if !nilName {
		putPtr(buf[0:], base+nameOff)
	}
	putPtr(buf[ptrSize:], base+pathOff)
	return buf
}

func TestParseOwner(t *testing.T) {
	for _, ptrSize := range []int{4, 8} {
		base := uint64(0x7ff0_1000)
		buf := ownerBuffer(base, ptrSize, "svchost.exe", `C:\Windows\System32\svchost.exe`, false)
		name, path, err := parseOwner(buf, uintptr(base), ptrSize)
		require.NoError(t, err)
		require.Equal(t, "svchost.exe", name)
		require.Equal(t, `C:\Windows\System32\svchost.exe`, path)

		buf = ownerBuffer(base, ptrSize, "", "", true)
		name, path, err = parseOwner(buf, uintptr(base), ptrSize)
		require.NoError(t, err)
		require.Empty(t, name, "a nil pointer is an empty string")
		require.Empty(t, path)

		buf = ownerBuffer(base, ptrSize, "naïve 🦀.exe", `D:\ünï\naïve 🦀.exe`, false)
		name, _, err = parseOwner(buf, uintptr(base), ptrSize)
		require.NoError(t, err)
		require.Equal(t, "naïve 🦀.exe", name)
	}
}

func TestParseOwnerRejectsMalformed(t *testing.T) {
	base := uint64(0x10000)
	good := ownerBuffer(base, 8, "a.exe", `C:\a.exe`, false)
	tests := map[string][]byte{
		"short":           good[:12],
		"pointer before":  func() []byte { b := bytes.Clone(good); binary.LittleEndian.PutUint64(b, base-2); return b }(),
		"pointer after":   func() []byte { b := bytes.Clone(good); binary.LittleEndian.PutUint64(b, base+uint64(len(b))); return b }(),
		"no terminator":   good[:len(good)-2],
		"odd tail":        func() []byte { b := bytes.Clone(good[:len(good)-1]); return b }(),
		"pointer is huge": func() []byte { b := bytes.Clone(good); binary.LittleEndian.PutUint64(b, 1<<63); return b }(),
	}
	for name, buf := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, err := parseOwner(buf, uintptr(base), 8)
			require.ErrorIs(t, err, ErrOwnerBuffer)
		})
	}
}

// FuzzParseOwner checks that no buffer makes parseOwner panic or fail with
// anything but ErrOwnerBuffer, and that a well-formed buffer of any two
// strings gives them back.
func FuzzParseOwner(f *testing.F) {
	f.Add(ownerBuffer(0x1000, 8, "System", "", false), uint64(0x1000), true, "System", "")
	f.Add(ownerBuffer(0x1000, 4, "a.exe", `C:\a.exe`, false), uint64(0x1000), false, "a.exe", `C:\a.exe`)
	f.Fuzz(func(t *testing.T, buf []byte, base uint64, wide bool, name, path string) {
		ptrSize := 4
		if wide {
			ptrSize = 8
		} else {
			base = uint64(uint32(base))
		}
		if _, _, err := parseOwner(buf, uintptr(base), ptrSize); err != nil {
			require.ErrorIs(t, err, ErrOwnerBuffer)
		}

		// Round trip: strings as Windows writes them come back. UTF-16 has
		// no NUL inside a string and no invalid UTF-8, so keep to that.
		if strings.ContainsRune(name, 0) || strings.ContainsRune(path, 0) || !utf8.ValidString(name) || !utf8.ValidString(path) {
			return
		}
		base &^= 1 // Windows' buffers are aligned
		if uint64(uintptr(base)) != base || base+uint64(4*(len(name)+len(path))+64) < base {
			return // does not fit this host's pointers
		}
		good := ownerBuffer(base, ptrSize, name, path, false)
		gotName, gotPath, err := parseOwner(good, uintptr(base), ptrSize)
		require.NoError(t, err)
		require.Equal(t, name, gotName)
		require.Equal(t, path, gotPath)
	})
}

func TestOwnerModuleRetries(t *testing.T) {
	const base = 0x20000
	full := ownerBuffer(base, 8, "System", "", false)
	calls := 0
	name, path, err := ownerModule("GetOwnerModuleFromPidAndInfo", 8, func(buf []byte, size *uint32) (uint32, uintptr) {
		calls++
		if calls == 1 {
			*size = 5000 // larger than the first buffer
			return uint32(ErrorInsufficientBuffer), base
		}
		require.Len(t, buf, 5000)
		copy(buf, full)
		return 0, base
	})
	require.NoError(t, err)
	require.Equal(t, "System", name)
	require.Empty(t, path)
	require.Equal(t, 2, calls)
}

func TestOwnerModuleErrors(t *testing.T) {
	for _, code := range []syscall.Errno{ErrorNotFound, ErrorPartialCopy, ErrorInvalidParameter} {
		_, _, err := ownerModule("GetOwnerModuleFromPidAndInfo", 8, func([]byte, *uint32) (uint32, uintptr) {
			return uint32(code), 0
		})
		require.ErrorIs(t, err, code)
		require.Contains(t, err.Error(), "GetOwnerModuleFromPidAndInfo: ")
	}
	calls := 0
	_, _, err := ownerModule("GetOwnerModuleFromPidAndInfo", 8, func(buf []byte, size *uint32) (uint32, uintptr) {
		calls++
		*size = uint32(len(buf)) + 1
		return uint32(ErrorInsufficientBuffer), 0
	})
	require.ErrorIs(t, err, ErrorInsufficientBuffer)
	require.LessOrEqual(t, calls, MaxAttempts)
	name, path, err := ownerModule("GetOwnerModuleFromPidAndInfo", 8, func([]byte, *uint32) (uint32, uintptr) {
		return 0, 0 // success with both pointers nil, as for a protected process
	})
	require.NoError(t, err)
	require.Empty(t, name)
	require.Empty(t, path)
}

// TestAppendTableNotEnoughMemoryRetried: Windows has returned
// ERROR_NOT_ENOUGH_MEMORY when the table changed size between the calls
// (psutil #1294); it is retried as ERROR_INSUFFICIENT_BUFFER is.
func TestAppendTableNotEnoughMemoryRetried(t *testing.T) {
	forget()
	f := &fakeTable{size: 700, ret: []uint32{uint32(ErrorNotEnoughMemory), uint32(ErrorNotEnoughMemory)}}
	got, err := appendTable(nil, tcp, v6, f.call)
	require.NoError(t, err)
	require.Equal(t, want(700), got)
	require.Equal(t, 3, f.calls)

	always := func(buf []byte, size uint32) (uint32, uint32) { return uint32(ErrorNotEnoughMemory), size }
	_, err = appendTable(nil, tcp, v6, always)
	require.ErrorIs(t, err, ErrorInsufficientBuffer, "bounded: it gives up after MaxAttempts")
}

// fakeMib plays GetIfTable2 and its relatives: a table in memory at a
// made-up address, and a record of what was freed.
type fakeMib struct {
	mem   map[uintptr][]byte
	freed []uintptr
}

func (f *fakeMib) read(b []byte, p uintptr) { copy(b, f.mem[p]) }
func (f *fakeMib) free(p uintptr)           { f.freed = append(f.freed, p) }

func TestAppendMibTable(t *testing.T) {
	l := Layout{Header: 8, Row: 80}
	table := make([]byte, 8+2*80+40) // two rows, and memory past them that is not the table's
	table[0] = 2
	for i := 8; i < len(table); i++ {
		table[i] = byte(i)
	}
	f := &fakeMib{mem: map[uintptr][]byte{0x1000: table}}
	got, err := appendMibTable([]byte("kept"), "GetUnicastIpAddressTable", l, func() (uint32, uintptr) { return 0, 0x1000 }, f.read, f.free)
	require.NoError(t, err)
	require.Equal(t, append([]byte("kept"), table[:8+2*80]...), got, "the header and NumEntries rows, copied")
	require.Equal(t, []uintptr{0x1000}, f.freed, "freed at once")

	// An empty table, as some versions say it.
	for _, code := range []syscall.Errno{ErrorNotFound, ErrorNoData} {
		f := &fakeMib{}
		got, err := appendMibTable(nil, "GetIpNetTable2", l, func() (uint32, uintptr) { return uint32(code), 0 }, f.read, f.free)
		require.NoError(t, err)
		require.Equal(t, make([]byte, 8), got)
	}

	// Wine's GetIpNetTable2 returns an error and a table it allocated:
	// the error wins, and the table is freed.
	f = &fakeMib{mem: map[uintptr][]byte{0x2000: make([]byte, 8)}}
	got, err = appendMibTable([]byte("kept"), "GetIpNetTable2", l, func() (uint32, uintptr) { return 1, 0x2000 }, f.read, f.free)
	require.ErrorIs(t, err, syscall.Errno(1))
	require.Contains(t, err.Error(), "GetIpNetTable2")
	require.Equal(t, "kept", string(got))
	require.Equal(t, []uintptr{0x2000}, f.freed)

	// A count past MaxTableSize is refused before anything is copied.
	huge := []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}
	f = &fakeMib{mem: map[uintptr][]byte{0x3000: huge}}
	got, err = appendMibTable(nil, "GetIfTable2", Layout{Header: 8, Row: 1352}, func() (uint32, uintptr) { return 0, 0x3000 }, f.read, f.free)
	require.ErrorContains(t, err, "more than 268435456")
	require.Empty(t, got)
	require.Equal(t, []uintptr{0x3000}, f.freed)

	// Success with no table is an error, not an empty table.
	_, err = appendMibTable(nil, "GetIfTable2", l, func() (uint32, uintptr) { return 0, 0 }, f.read, f.free)
	require.ErrorContains(t, err, "returned no table")
}
