package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cstring returns the NUL-terminated string at off in b.
func cstring(t *testing.T, b []byte, off uint32) string {
	t.Helper()
	if off >= uint32(len(b)) {
		t.Fatalf("string offset %#x beyond %d bytes", off, len(b))
	}
	i := bytes.IndexByte(b[off:], 0)
	if i < 0 {
		t.Fatalf("string at %#x not NUL-terminated", off)
	}
	return string(b[off : off+uint32(i)])
}

// rvaToOff maps an RVA to a file offset using the section table.
func rvaToOff(t *testing.T, f *pe.File, rva uint32) uint32 {
	t.Helper()
	for _, s := range f.Sections {
		if rva >= s.VirtualAddress && rva < s.VirtualAddress+s.VirtualSize {
			return rva - s.VirtualAddress + s.Offset
		}
	}
	t.Fatalf("RVA %#x not in any section", rva)
	return 0
}

func TestBuild(t *testing.T) {
	exports := []export{
		{"ProcessPrng", "advapi32.SystemFunction036"},
		{"Another", "kernel32.GetTickCount"},
		{"ByOrdinal", "ntdll.#5"},
	}
	b, err := build("bcryptprimitives.dll", exports)
	if err != nil {
		t.Fatal(err)
	}
	if len(b)%fileAlignment != 0 {
		t.Errorf("file size %d not a multiple of FileAlignment", len(b))
	}
	f, err := pe.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine = %#x, want amd64", f.Machine)
	}
	want := uint16(pe.IMAGE_FILE_DLL | pe.IMAGE_FILE_EXECUTABLE_IMAGE | pe.IMAGE_FILE_LARGE_ADDRESS_AWARE)
	if f.Characteristics&want != want {
		t.Errorf("characteristics = %#x, want %#x set", f.Characteristics, want)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("optional header is %T, want PE32+", f.OptionalHeader)
	}
	if oh.Magic != 0x20B || oh.FileAlignment != 0x200 || oh.SectionAlignment != 0x1000 {
		t.Errorf("magic/alignment = %#x/%#x/%#x", oh.Magic, oh.FileAlignment, oh.SectionAlignment)
	}
	if oh.NumberOfRvaAndSizes != 16 {
		t.Errorf("NumberOfRvaAndSizes = %d", oh.NumberOfRvaAndSizes)
	}
	if oh.SizeOfHeaders != 0x200 || oh.SizeOfHeaders%oh.FileAlignment != 0 {
		t.Errorf("SizeOfHeaders = %#x", oh.SizeOfHeaders)
	}
	if len(f.Sections) != 1 {
		t.Fatalf("%d sections, want 1", len(f.Sections))
	}
	sec := f.Sections[0]
	if end := sec.VirtualAddress + sec.VirtualSize; oh.SizeOfImage < end || oh.SizeOfImage%oh.SectionAlignment != 0 {
		t.Errorf("SizeOfImage = %#x, section ends at %#x", oh.SizeOfImage, end)
	}
	if sec.Offset%oh.FileAlignment != 0 || sec.Size%oh.FileAlignment != 0 || sec.Offset+sec.Size != uint32(len(b)) {
		t.Errorf("section raw data %#x+%#x, file %#x", sec.Offset, sec.Size, len(b))
	}
	if oh.CheckSum != checksum(b, 0x58+64) || oh.CheckSum == 0 {
		t.Errorf("CheckSum = %#x", oh.CheckSum)
	}

	dir := oh.DataDirectory[pe.IMAGE_DIRECTORY_ENTRY_EXPORT]
	if dir.VirtualAddress != sec.VirtualAddress || dir.Size == 0 || dir.Size > sec.VirtualSize {
		t.Fatalf("export directory = %+v, section at %#x size %#x", dir, sec.VirtualAddress, sec.VirtualSize)
	}
	for i, d := range oh.DataDirectory {
		if i != pe.IMAGE_DIRECTORY_ENTRY_EXPORT && (d.VirtualAddress != 0 || d.Size != 0) {
			t.Errorf("data directory %d = %+v, want empty", i, d)
		}
	}

	// Read IMAGE_EXPORT_DIRECTORY by hand.
	le := binary.LittleEndian
	ed := b[rvaToOff(t, f, dir.VirtualAddress):]
	if got := cstring(t, b, rvaToOff(t, f, le.Uint32(ed[12:]))); got != "bcryptprimitives.dll" {
		t.Errorf("DLL name = %q", got)
	}
	base := le.Uint32(ed[16:])
	nFuncs, nNames := le.Uint32(ed[20:]), le.Uint32(ed[24:])
	if nFuncs != 3 || nNames != 3 || base != 1 {
		t.Fatalf("base/functions/names = %d/%d/%d", base, nFuncs, nNames)
	}
	eat := rvaToOff(t, f, le.Uint32(ed[28:]))
	enpt := rvaToOff(t, f, le.Uint32(ed[32:]))
	eot := rvaToOff(t, f, le.Uint32(ed[36:]))

	wantTarget := map[string]string{}
	for _, e := range exports {
		wantTarget[e.Name] = e.Target
	}
	prev := ""
	for i := uint32(0); i < nNames; i++ {
		name := cstring(t, b, rvaToOff(t, f, le.Uint32(b[enpt+4*i:])))
		if name <= prev {
			t.Errorf("name table not sorted: %q after %q", name, prev)
		}
		prev = name
		idx := uint32(le.Uint16(b[eot+2*i:]))
		if idx >= nFuncs {
			t.Fatalf("%s: ordinal index %d out of range", name, idx)
		}
		fn := le.Uint32(b[eat+4*idx:])
		if fn < dir.VirtualAddress || fn >= dir.VirtualAddress+dir.Size {
			t.Errorf("%s: function RVA %#x outside export directory [%#x,%#x): not a forwarder",
				name, fn, dir.VirtualAddress, dir.VirtualAddress+dir.Size)
			continue
		}
		off := rvaToOff(t, f, fn)
		target := cstring(t, b, off)
		if end := fn + uint32(len(target)); end >= dir.VirtualAddress+dir.Size {
			t.Errorf("%s: forwarder string NUL at %#x outside export directory", name, end)
		}
		if target != wantTarget[name] {
			t.Errorf("%s: forwarder = %q, want %q", name, target, wantTarget[name])
		}
		delete(wantTarget, name)
	}
	if len(wantTarget) != 0 {
		t.Errorf("exports missing from table: %v", wantTarget)
	}

	// debug/pe agrees on the imported-symbol-free, code-free shape.
	if syms, err := f.ImportedSymbols(); err != nil || len(syms) != 0 {
		t.Errorf("ImportedSymbols = %v, %v; want none", syms, err)
	}
	if oh.AddressOfEntryPoint != 0 || oh.SizeOfCode != 0 {
		t.Errorf("entry point %#x, code size %#x; want no code", oh.AddressOfEntryPoint, oh.SizeOfCode)
	}
}

func TestBuildDeterministic(t *testing.T) {
	ex := []export{defaultExport}
	a, err := build("bcryptprimitives.dll", ex)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := build("bcryptprimitives.dll", ex)
	if !bytes.Equal(a, b) {
		t.Error("build output differs between runs")
	}
}

func TestBuildErrors(t *testing.T) {
	ok := export{"A", "m.F"}
	for _, tc := range []struct {
		name    string
		dll     string
		exports []export
	}{
		{"no exports", "x.dll", nil},
		{"empty dll name", "", []export{ok}},
		{"duplicate", "x.dll", []export{ok, ok}},
		{"empty export name", "x.dll", []export{{"", "m.F"}}},
		{"target without dot", "x.dll", []export{{"A", "F"}}},
		{"target ends in dot", "x.dll", []export{{"A", "m."}}},
		{"target starts with dot", "x.dll", []export{{"A", ".F"}}},
		{"NUL in name", "x.dll", []export{{"A\x00B", "m.F"}}},
	} {
		if _, err := build(tc.dll, tc.exports); err == nil {
			t.Errorf("%s: build succeeded, want error", tc.name)
		}
	}
}

func TestExportFlags(t *testing.T) {
	var f exportFlags
	for _, v := range []string{"ProcessPrng=advapi32.SystemFunction036", "B=k.C"} {
		if err := f.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.String(); got != "ProcessPrng=advapi32.SystemFunction036,B=k.C" {
		t.Errorf("String() = %q", got)
	}
	for _, bad := range []string{"", "NoTarget", "=x.y", "A="} {
		if err := f.Set(bad); err == nil {
			t.Errorf("Set(%q) succeeded", bad)
		}
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.dll")
	// Remove the file (and dir) ourselves, before TempDir's os.RemoveAll
	// runs: under Wine 8, Go's os.RemoveAll fails on a non-empty directory
	// (FileDispositionInformationEx is unimplemented), and CI runs these
	// tests with GOOS=windows under Wine too. Cleanups run last-in first-out.
	t.Cleanup(func() {
		for _, f := range []string{p, dir} {
			if err := os.Remove(f); err != nil {
				t.Error(err)
			}
		}
	})
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || string(got) != "new" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".pefwd-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
