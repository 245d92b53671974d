// Command pefwd writes a minimal PE32+ (x86-64) DLL that contains no code
// and only forwarder exports.
//
// It exists so that Windows test binaries built by Go can run under Wine 8
// (the version Debian 12 ships). Since Go 1.22 every Windows binary, at
// start-up, loads bcryptprimitives.dll from System32 and looks up
// ProcessPrng; the runtime throws if either is missing. Wine 8 has no
// bcryptprimitives.dll, so every Go binary dies before main. A DLL whose
// only export forwards ProcessPrng to advapi32.SystemFunction036
// (RtlGenRandom, which Wine does implement) fixes that: both functions fill
// a buffer with random bytes and return a nonzero byte on success.
//
// Usage:
//
//	go run ./internal/cmd/pefwd -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
//		-name bcryptprimitives.dll -export ProcessPrng=advapi32.SystemFunction036
//
// The DLL must go into the prefix's System32 directory: the Go runtime loads
// it with LOAD_LIBRARY_SEARCH_SYSTEM32, so a copy next to the .exe is
// ignored. With no -export flag, the ProcessPrng forwarder above is written.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// export is one forwarder export: the exported symbol Name is resolved by
// the loader as Target, written "module.Function" or "module.#ordinal"
// (module without the .dll suffix, e.g. "advapi32.SystemFunction036").
type export struct {
	Name   string
	Target string
}

// PE layout constants used by build.
const (
	fileAlignment    = 0x200
	sectionAlignment = 0x1000
	imageBase        = 0x180000000 // usual base for 64-bit DLLs

	dosHeaderSize   = 64
	peOffset        = dosHeaderSize // e_lfanew: PE header right after the DOS header, no stub
	coffHeaderSize  = 20
	optHeaderSize   = 240 // PE32+ optional header with 16 data directories
	sectionHdrSize  = 40
	numDataDirs     = 16
	exportDirSize   = 40 // sizeof(IMAGE_EXPORT_DIRECTORY)
	sectionRVA      = sectionAlignment
	sectionFileOff  = fileAlignment
	maxExports      = 0xFFFF // ordinal table entries are 16-bit
	machineAMD64    = 0x8664
	optMagicPE32    = 0x20B
	subsystemWinGUI = 2

	fileExecutableImage = 0x0002
	fileLargeAddrAware  = 0x0020
	fileDLL             = 0x2000

	dllHighEntropyVA = 0x0020
	dllDynamicBase   = 0x0040
	dllNXCompat      = 0x0100
	dllNoSEH         = 0x0400

	scnInitializedData = 0x00000040
	scnMemRead         = 0x40000000
)

// defaultExport is what pefwd writes when no -export flag is given.
var defaultExport = export{Name: "ProcessPrng", Target: "advapi32.SystemFunction036"}

// alignUp rounds n up to a multiple of a (a power of two).
func alignUp(n, a uint32) uint32 { return (n + a - 1) &^ (a - 1) }

// validate checks the DLL name and exports before anything is written.
func validate(dllName string, exports []export) error {
	if dllName == "" || strings.ContainsRune(dllName, 0) {
		return errors.New("DLL name must be non-empty and contain no NUL")
	}
	if len(exports) == 0 {
		return errors.New("at least one export is required")
	}
	if len(exports) > maxExports {
		return fmt.Errorf("too many exports: %d > %d", len(exports), maxExports)
	}
	seen := make(map[string]bool, len(exports))
	for _, e := range exports {
		if e.Name == "" || strings.ContainsRune(e.Name, 0) {
			return fmt.Errorf("export name %q must be non-empty and contain no NUL", e.Name)
		}
		if seen[e.Name] {
			return fmt.Errorf("duplicate export %q", e.Name)
		}
		seen[e.Name] = true
		dot := strings.LastIndexByte(e.Target, '.')
		if strings.ContainsRune(e.Target, 0) || dot <= 0 || dot == len(e.Target)-1 {
			return fmt.Errorf("export %q: forwarder target %q must look like module.Function", e.Name, e.Target)
		}
	}
	return nil
}

// build returns the bytes of a PE32+ x86-64 DLL named dllName whose export
// table holds exactly the given forwarder exports and which contains no
// code. The file has the headers (DOS header, PE signature, COFF header,
// optional header, one section header) in the first 0x200 bytes, followed
// by a single read-only .edata section at RVA 0x1000 that holds the
// IMAGE_EXPORT_DIRECTORY and everything it points to.
//
// Each AddressOfFunctions entry is the RVA of a NUL-terminated "module.Func"
// string lying inside the export data directory's range; that is what tells
// the loader the export is a forwarder rather than code.
func build(dllName string, exports []export) ([]byte, error) {
	if err := validate(dllName, exports); err != nil {
		return nil, err
	}
	// The loader binary-searches the name pointer table, so it must be
	// sorted by byte-wise comparison of the names.
	sorted := append([]export(nil), exports...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	n := uint32(len(sorted))

	// Layout of the .edata section, as offsets from its start.
	var (
		eatOff  = uint32(exportDirSize) // AddressOfFunctions: n * uint32
		enptOff = eatOff + 4*n          // AddressOfNames: n * uint32
		eotOff  = enptOff + 4*n         // AddressOfNameOrdinals: n * uint16
		strOff  = eotOff + 2*n          // strings start here
	)
	var strs []byte
	addStr := func(s string) uint32 {
		off := strOff + uint32(len(strs))
		strs = append(strs, s...)
		strs = append(strs, 0)
		return off
	}
	dllNameOff := addStr(dllName)
	nameOffs := make([]uint32, n)
	fwdOffs := make([]uint32, n)
	for i, e := range sorted {
		nameOffs[i] = addStr(e.Name)
		fwdOffs[i] = addStr(e.Target)
	}
	// The export directory range covers the whole section content, so
	// every forwarder string lies inside it.
	virtSize := strOff + uint32(len(strs))
	rawSize := alignUp(virtSize, fileAlignment)
	sizeOfHeaders := alignUp(peOffset+4+coffHeaderSize+optHeaderSize+sectionHdrSize, fileAlignment)
	sizeOfImage := sectionRVA + alignUp(virtSize, sectionAlignment)

	buf := make([]byte, sectionFileOff+rawSize)
	le := binary.LittleEndian

	// DOS header: only e_magic and e_lfanew matter; no DOS stub.
	copy(buf[0:], "MZ")
	le.PutUint32(buf[0x3C:], peOffset)

	// PE signature.
	copy(buf[peOffset:], "PE\x00\x00")

	// COFF file header.
	c := peOffset + 4
	le.PutUint16(buf[c+0:], machineAMD64)
	le.PutUint16(buf[c+2:], 1)  // NumberOfSections
	le.PutUint32(buf[c+4:], 0)  // TimeDateStamp (0 keeps output reproducible)
	le.PutUint32(buf[c+8:], 0)  // PointerToSymbolTable
	le.PutUint32(buf[c+12:], 0) // NumberOfSymbols
	le.PutUint16(buf[c+16:], optHeaderSize)
	le.PutUint16(buf[c+18:], fileExecutableImage|fileLargeAddrAware|fileDLL)

	// Optional header (PE32+).
	o := c + coffHeaderSize
	le.PutUint16(buf[o+0:], optMagicPE32)
	buf[o+2] = 14                       // MajorLinkerVersion
	buf[o+3] = 0                        // MinorLinkerVersion
	le.PutUint32(buf[o+4:], 0)          // SizeOfCode
	le.PutUint32(buf[o+8:], rawSize)    // SizeOfInitializedData
	le.PutUint32(buf[o+12:], 0)         // SizeOfUninitializedData
	le.PutUint32(buf[o+16:], 0)         // AddressOfEntryPoint: none, no DllMain
	le.PutUint32(buf[o+20:], 0)         // BaseOfCode
	le.PutUint64(buf[o+24:], imageBase) // ImageBase
	le.PutUint32(buf[o+32:], sectionAlignment)
	le.PutUint32(buf[o+36:], fileAlignment)
	le.PutUint16(buf[o+40:], 6)             // MajorOperatingSystemVersion
	le.PutUint16(buf[o+42:], 0)             // MinorOperatingSystemVersion
	le.PutUint16(buf[o+44:], 0)             // MajorImageVersion
	le.PutUint16(buf[o+46:], 0)             // MinorImageVersion
	le.PutUint16(buf[o+48:], 6)             // MajorSubsystemVersion
	le.PutUint16(buf[o+50:], 0)             // MinorSubsystemVersion
	le.PutUint32(buf[o+52:], 0)             // Win32VersionValue
	le.PutUint32(buf[o+56:], sizeOfImage)   // SizeOfImage
	le.PutUint32(buf[o+60:], sizeOfHeaders) // SizeOfHeaders
	// CheckSum at o+64 is filled in last.
	le.PutUint16(buf[o+68:], subsystemWinGUI)
	le.PutUint16(buf[o+70:], dllHighEntropyVA|dllDynamicBase|dllNXCompat|dllNoSEH)
	le.PutUint64(buf[o+72:], 0x100000) // SizeOfStackReserve
	le.PutUint64(buf[o+80:], 0x1000)   // SizeOfStackCommit
	le.PutUint64(buf[o+88:], 0x100000) // SizeOfHeapReserve
	le.PutUint64(buf[o+96:], 0x1000)   // SizeOfHeapCommit
	le.PutUint32(buf[o+104:], 0)       // LoaderFlags
	le.PutUint32(buf[o+108:], numDataDirs)
	// Data directory 0 is the export table; the other 15 stay zero.
	dd := o + 112
	le.PutUint32(buf[dd+0:], sectionRVA)
	le.PutUint32(buf[dd+4:], virtSize)

	// Section header.
	s := o + optHeaderSize
	copy(buf[s:s+8], ".edata")
	le.PutUint32(buf[s+8:], virtSize)        // VirtualSize
	le.PutUint32(buf[s+12:], sectionRVA)     // VirtualAddress
	le.PutUint32(buf[s+16:], rawSize)        // SizeOfRawData
	le.PutUint32(buf[s+20:], sectionFileOff) // PointerToRawData
	// PointerToRelocations, PointerToLinenumbers and their counts stay zero.
	le.PutUint32(buf[s+36:], scnInitializedData|scnMemRead)

	// Section content: IMAGE_EXPORT_DIRECTORY and its tables and strings.
	sec := buf[sectionFileOff:]
	le.PutUint32(sec[0:], 0)                      // Characteristics
	le.PutUint32(sec[4:], 0)                      // TimeDateStamp
	le.PutUint16(sec[8:], 0)                      // MajorVersion
	le.PutUint16(sec[10:], 0)                     // MinorVersion
	le.PutUint32(sec[12:], sectionRVA+dllNameOff) // Name
	le.PutUint32(sec[16:], 1)                     // Base (first ordinal)
	le.PutUint32(sec[20:], n)                     // NumberOfFunctions
	le.PutUint32(sec[24:], n)                     // NumberOfNames
	le.PutUint32(sec[28:], sectionRVA+eatOff)     // AddressOfFunctions
	le.PutUint32(sec[32:], sectionRVA+enptOff)    // AddressOfNames
	le.PutUint32(sec[36:], sectionRVA+eotOff)     // AddressOfNameOrdinals
	for i := uint32(0); i < n; i++ {
		le.PutUint32(sec[eatOff+4*i:], sectionRVA+fwdOffs[i])
		le.PutUint32(sec[enptOff+4*i:], sectionRVA+nameOffs[i])
		le.PutUint16(sec[eotOff+2*i:], uint16(i)) // index into AddressOfFunctions
	}
	copy(sec[strOff:], strs)

	le.PutUint32(buf[o+64:], checksum(buf, uint32(o+64)))
	return buf, nil
}

// checksum computes the PE image checksum (as ImageHlp's CheckSumMappedFile
// does): a 16-bit folded one's-complement-style sum of the file's 16-bit
// words, skipping the CheckSum field at csOff, plus the file length.
func checksum(b []byte, csOff uint32) uint32 {
	var sum uint64
	for i := uint32(0); i+1 < uint32(len(b)); i += 2 {
		if i == csOff || i == csOff+2 {
			continue
		}
		sum += uint64(binary.LittleEndian.Uint16(b[i:]))
		sum = (sum & 0xFFFF) + (sum >> 16)
	}
	if len(b)%2 == 1 {
		sum += uint64(b[len(b)-1])
		sum = (sum & 0xFFFF) + (sum >> 16)
	}
	sum = (sum & 0xFFFF) + (sum >> 16)
	return uint32(sum) + uint32(len(b))
}

// exportFlags collects repeated -export Name=module.Function flags.
type exportFlags []export

// String implements flag.Value.
func (f *exportFlags) String() string {
	parts := make([]string, len(*f))
	for i, e := range *f {
		parts[i] = e.Name + "=" + e.Target
	}
	return strings.Join(parts, ",")
}

// Set implements flag.Value; it parses one Name=module.Function pair.
func (f *exportFlags) Set(v string) error {
	name, target, ok := strings.Cut(v, "=")
	if !ok || name == "" || target == "" {
		return fmt.Errorf("want Name=module.Function, got %q", v)
	}
	*f = append(*f, export{Name: name, Target: target})
	return nil
}

func main() {
	var exports exportFlags
	out := flag.String("o", "", "output file (required)")
	name := flag.String("name", "bcryptprimitives.dll", "DLL name recorded in the export directory")
	flag.Var(&exports, "export", "forwarder export `Name=module.Function` (repeatable; default "+
		defaultExport.Name+"="+defaultExport.Target+")")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: pefwd -o file.dll [-name x.dll] [-export Name=module.Function]...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if len(exports) == 0 {
		exports = exportFlags{defaultExport}
	}
	b, err := build(*name, exports)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pefwd:", err)
		os.Exit(1)
	}
	if err := writeFile(*out, b); err != nil {
		fmt.Fprintln(os.Stderr, "pefwd:", err)
		os.Exit(1)
	}
}

// writeFile writes b to path via a temporary file in the same directory and
// a rename, so a reader never sees a half-written DLL.
func writeFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pefwd-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
