package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/internal/text"
	"github.com/netmib/netmib/ipconfig"
)

// The file format: a JSON document that names itself.
const (
	// Schema is the value of the file's "schema" key.
	Schema = "netmib.snapshot"
	// FileVersion is the value of the file's "version" key that this
	// package writes. A change to the format that an older reader would
	// misread gets a new version. Version 2 added the "network" key; Read
	// reads files of versions 1 and 2.
	FileVersion = 2
	// MaxFileSize is the largest file Read reads and Write writes: 256 MiB,
	// about 1.3 million rows of the largest layout, so more than any host
	// has. Read allocates at most about 3 bytes per byte of the file, the
	// file included: 1.75 for a file of tables, up to 2.8 for one of the
	// smallest entries the format allows, and no more for any input,
	// valid or not (TestReadMemoryBound, TestReadHostile), so at most
	// about 768 MiB. A reader whose size Read cannot know in advance (a
	// pipe) costs one more byte per byte: see ReadAll.
	MaxFileSize = 256 << 20
)

// maxFileSize is MaxFileSize, but for tests.
var maxFileSize = MaxFileSize

// ErrTooLarge is returned when a file, or the file a snapshot would make,
// is larger than MaxFileSize.
var ErrTooLarge = errors.New("snapshot: file larger than MaxFileSize")

// ErrNotSnapshot is returned by Read for input that is not a snapshot
// file: empty, binary, text in another encoding than UTF-8, not JSON, or
// JSON that is not an object whose "schema" is Schema. The error says
// which.
var ErrNotSnapshot = errors.New("snapshot: not a netmib snapshot")

// ErrUnknownVersion is returned by Read for a snapshot file of a version
// other than 1 and FileVersion.
var ErrUnknownVersion = errors.New("snapshot: unknown file version")

// ErrInvalid is returned, wrapped in a [*FileError], when a snapshot or its
// file is inconsistent: a snapshot file that is cut short or has data after
// its end, a key missing, unknown, repeated or of the wrong type, a number
// out of range, bad base64, a table that does not parse as the layout its
// arguments name or whose bytes contradict it, keys out of order or
// duplicated, or a key that disagrees with another.
var ErrInvalid = errors.New("snapshot: invalid snapshot")

// A FileError reports which member of a snapshot is invalid, and why. It
// matches ErrInvalid and the error that caused it, such as a
// *netmib.FormatError for a truncated table, with errors.Is and errors.As.
// Its message is one line of bounded length: values from the file in it
// are quoted, escaped and cut short.
type FileError struct {
	Field string // the member, as a JSON path: "tables[2].data"; "" for the file as a whole
	Err   error  // the cause
}

// Error returns "snapshot: invalid snapshot: <field>: <cause>".
func (e *FileError) Error() string {
	if e.Field == "" {
		return "snapshot: invalid snapshot: " + e.Err.Error()
	}
	return "snapshot: invalid snapshot: " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns ErrInvalid and the cause.
func (e *FileError) Unwrap() []error { return []error{ErrInvalid, e.Err} }

func invalid(field string, format string, args ...any) error {
	return &FileError{Field: field, Err: fmt.Errorf(format, args...)}
}

// The JSON form; README documents it key by key.
type (
	fileJSON struct {
		Schema    string        `json:"schema"`
		Version   int           `json:"version"` // checked first: a file of another version is read no further
		Taken     string        `json:"taken"`
		Host      hostJSON      `json:"host"`
		Tables    []tableJSON   `json:"tables"`
		Network   []netJSON     `json:"network"` // since version 2
		Processes []processJSON `json:"processes"`
		Services  []serviceJSON `json:"services"`
		Owners    []moduleJSON  `json:"owners"`
	}
	// fileJSONv1 is a file of version 1, which has no network key.
	fileJSONv1 struct {
		Schema    string        `json:"schema"`
		Version   int           `json:"version"`
		Taken     string        `json:"taken"`
		Host      hostJSON      `json:"host"`
		Tables    []tableJSON   `json:"tables"`
		Processes []processJSON `json:"processes"`
		Services  []serviceJSON `json:"services"`
		Owners    []moduleJSON  `json:"owners"`
	}
	netJSON struct {
		Function string `json:"function"` // "GetIfTable2", ...
		Layout   string `json:"layout"`   // the SDK name of the table; checked
		Rows     int    `json:"rows"`     // NumEntries, or 0 with an error; checked
		Data     []byte `json:"data"`     // base64 of the table, or "" with an error
		Error    string `json:"error"`    // why the producer returned no table, or ""
	}
	hostJSON struct {
		Name    string `json:"name"`
		Windows string `json:"windows"` // "major.minor.build", or ""
		Wine    string `json:"wine"`    // "" when not under Wine
	}
	tableJSON struct {
		Proto    string `json:"proto"`    // "tcp" or "udp"
		Function string `json:"function"` // Table.FuncName(); checked
		Family   uint32 `json:"family"`
		Class    uint32 `json:"class"`
		Sorted   bool   `json:"sorted"`
		Layout   string `json:"layout"` // the SDK name of the table; checked
		Rows     int    `json:"rows"`   // dwNumEntries; checked
		Data     []byte `json:"data"`   // base64 of the buffer
	}
	processJSON struct {
		PID             uint32          `json:"pid"`
		Name            string          `json:"name"` // checked
		Image           string          `json:"image"`
		CreateTimestamp int64           `json:"create_timestamp"`
		Created         json.RawMessage `json:"created"` // checked
		Error           string          `json:"error"`
	}
	serviceJSON struct {
		PID   uint32 `json:"pid"`
		Tag   uint32 `json:"service_tag"`
		Name  string `json:"name"`
		Error string `json:"error"`
	}
	moduleJSON struct {
		PID        uint32            `json:"pid"`
		ModuleInfo netmib.ModuleInfo `json:"module_info"`
		Name       string            `json:"name"`
		Path       string            `json:"path"`
		Error      string            `json:"error"`
	}
)

// Write writes s to w as a snapshot file: an indented JSON document whose
// every key README describes, with each table's buffer in base64 so that
// it stays byte for byte what Windows returned. Read gives s back.
//
// s must be consistent, as Take and Read return it: every table passes
// Table.Check (it parses as the layout its arguments name, and its bytes
// do not contradict it), and Processes, Services and Modules are
// sorted by their keys without duplicates. Otherwise Write writes nothing
// and returns an error wrapping ErrInvalid; a file larger than
// MaxFileSize gives ErrTooLarge.
func Write(w io.Writer, s *Snapshot) error {
	if err := s.check(); err != nil {
		return err
	}
	f := fileJSON{
		Schema: Schema, Version: FileVersion,
		Taken:     s.Taken.UTC().Format(time.RFC3339Nano),
		Host:      hostJSON{Name: s.Host.Name, Windows: s.Host.Windows.String(), Wine: s.Host.Wine},
		Tables:    make([]tableJSON, len(s.Tables)),
		Network:   make([]netJSON, len(s.Network)),
		Processes: make([]processJSON, len(s.Processes)),
		Services:  make([]serviceJSON, len(s.Services)),
		Owners:    make([]moduleJSON, len(s.Modules)),
	}
	for i := range s.Tables {
		t := &s.Tables[i]
		layout, rows, _ := t.layout() // check has parsed it
		proto, _ := t.Proto.MarshalText()
		f.Tables[i] = tableJSON{Proto: string(proto), Function: t.FuncName(), Family: uint32(t.Family),
			Class: t.Class, Sorted: t.Sorted, Layout: layout, Rows: rows, Data: t.Data}
	}
	for i := range s.Network {
		t := &s.Network[i]
		f.Network[i] = netJSON{Function: t.Kind.Function(), Layout: t.Kind.String(), Rows: t.rows(), Data: t.Data, Error: t.Err}
		if f.Network[i].Data == nil {
			f.Network[i].Data = []byte{}
		}
	}
	for i := range s.Processes {
		p := &s.Processes[i]
		f.Processes[i] = processJSON{PID: p.PID, Name: p.Name(), Image: p.Image, CreateTimestamp: p.CreateTimestamp,
			Created: filetime.AppendJSON(nil, p.CreateTimestamp), Error: p.Error}
	}
	for i, v := range s.Services {
		f.Services[i] = serviceJSON(v)
	}
	for i, m := range s.Modules {
		f.Owners[i] = moduleJSON{PID: m.PID, ModuleInfo: m.ModuleInfo, Name: m.Name, Path: m.Path, Error: m.Error}
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if len(b)+1 > maxFileSize {
		return ErrTooLarge
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Read reads a snapshot file as Write writes it. It treats the file as
// hostile: it reads at most MaxFileSize bytes, allocates at most about 3
// bytes per byte it reads (see MaxFileSize), takes time linear in the
// file's size, and never panics. A larger file is ErrTooLarge; input that
// is not a snapshot file is ErrNotSnapshot, one of another version
// ErrUnknownVersion, and a snapshot file that is cut short, malformed or
// inconsistent an error wrapping ErrInvalid (see [FileError]). Every
// object of the file must have each of its keys exactly once, written as
// README lists them, and no other; every value must be of its key's type
// (null is no value); every table's bytes must be what its arguments say
// (see [Table.Check]).
func Read(r io.Reader) (*Snapshot, error) {
	b, err := ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// ReadFile reads the snapshot file at path, as Read does. A file larger
// than MaxFileSize is ErrTooLarge before a byte of it is read.
func ReadFile(path string) (*Snapshot, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads a snapshot file held in b, as Read does. The snapshot does
// not refer to b.
func Parse(b []byte) (*Snapshot, error) {
	if len(b) > maxFileSize {
		return nil, ErrTooLarge
	}
	if err := checkDocument(b); err != nil {
		return nil, err
	}
	schema, version, err := head(b)
	switch {
	case err != nil:
		return nil, err
	case schema == nil:
		return nil, fmt.Errorf("%w: the JSON object has no \"schema\" key", ErrNotSnapshot)
	case string(schema) != strconv.Quote(Schema):
		return nil, fmt.Errorf("%w: its schema is %s, not %q", ErrNotSnapshot, text.Quote(string(schema)), Schema)
	case version == nil:
		return nil, &FileError{Field: "version", Err: errors.New("missing key")}
	case string(version) != "1" && string(version) != strconv.Itoa(FileVersion):
		v := string(version)
		if strings.Trim(v, "0123456789") != "" || len(v) > 20 {
			v = text.Quote(v)
		}
		return nil, fmt.Errorf("%w %s: this package reads versions 1 and %d", ErrUnknownVersion, v, FileVersion)
	}
	keys := fileKeys
	if string(version) == "1" {
		keys = fileKeysV1
	}
	lens, err := checkFile(b, keys)
	if err != nil {
		return nil, err
	}
	if n := lens["network"]; n > len(ipconfig.Kinds()) { // each kind at most once: refuse before allocating for them
		return nil, invalid("network", "%d tables; there are %d kinds, each at most once", n, len(ipconfig.Kinds()))
	}
	// Unmarshal appends to a slice it is given: each list is allocated
	// once, at the size checkFile counted.
	f := fileJSON{
		Tables:    make([]tableJSON, 0, lens["tables"]),
		Network:   make([]netJSON, 0, lens["network"]),
		Processes: make([]processJSON, 0, lens["processes"]),
		Services:  make([]serviceJSON, 0, lens["services"]),
		Owners:    make([]moduleJSON, 0, lens["owners"]),
	}
	if err := json.Unmarshal(b, &f); err != nil {
		// checkFile has checked every key and value, so this is a bug:
		// say so without quoting the file.
		return nil, &FileError{Err: fmt.Errorf("encoding/json refused what the reader accepted: %T", err)}
	}
	return f.snapshot()
}

// checkDocument reports input that is not one JSON document, as an error
// that says what it is instead: ErrNotSnapshot for input that is not JSON
// text, or is JSON of another kind; ErrInvalid for what starts as a
// snapshot file but is cut short or followed by more data. It runs in time
// linear in len(b) and allocates nothing but its error: encoding/json
// checks syntax with a state machine, not by recursion, and refuses
// nesting deeper than 10000.
func checkDocument(b []byte) error {
	if json.Valid(b) {
		return nil
	}
	notSnapshot := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrNotSnapshot}, args...)...)
	}
	switch {
	case len(bytes.TrimLeft(b, " \t\r\n")) == 0:
		return notSnapshot("the input is empty")
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return notSnapshot("it starts with a UTF-8 byte-order mark, which a snapshot file does not have (was it saved by an editor?)")
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")), utf16ASCII(b):
		return notSnapshot("it is UTF-16 text; a snapshot file is UTF-8 (PowerShell's > and Out-File write UTF-16: copy the file as it is)")
	}
	if i := bytes.IndexFunc(b, func(r rune) bool { return r < ' ' && r != '\t' && r != '\n' && r != '\r' }); i >= 0 {
		return notSnapshot("binary data (byte %#02x at offset %d), not JSON text", b[i], i)
	}
	var se *json.SyntaxError
	if err := json.Unmarshal(b, &struct{}{}); !errors.As(err, &se) {
		return notSnapshot("not valid JSON")
	}
	var why string
	switch {
	case strings.Contains(se.Error(), "unexpected end of JSON input"):
		why = fmt.Sprintf("the file ends at byte %d in the middle of its JSON: cut short?", len(b))
	case strings.Contains(se.Error(), "after top-level value"):
		why = fmt.Sprintf("data after the end of the JSON document, at byte %d", se.Offset-1)
	default:
		why = fmt.Sprintf("not valid JSON at byte %d: %s", se.Offset, se.Error())
	}
	// A document whose schema, before the fault, is ours is a snapshot
	// file gone bad.
	if schema, _, _ := head(b); string(schema) == strconv.Quote(Schema) {
		return &FileError{Err: errors.New(why)}
	}
	return notSnapshot("%s", why)
}

// utf16ASCII reports whether b starts with two ASCII characters in UTF-16,
// little- or big-endian, without a byte-order mark.
func utf16ASCII(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	ascii := func(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || (c >= ' ' && c < 0x7f) }
	return (ascii(b[0]) && b[1] == 0 && ascii(b[2]) && b[3] == 0) || (b[0] == 0 && ascii(b[1]) && b[2] == 0 && ascii(b[3]))
}

// readFile reads the file at path, refusing one larger than maxFileSize
// before reading it.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f)
}

// ReadAll reads r to its end, as Read does before it parses: at most
// MaxFileSize bytes, or ErrTooLarge. It is for callers that want the bytes
// too, such as a program that reads a table buffer when its input is not a
// snapshot file: ReadAll and then Parse read the input once.
//
// When r has a Len or Stat method, as *bytes.Reader and *os.File do, it
// reads into one buffer of that size, and refuses a regular file larger
// than MaxFileSize before reading it. Otherwise it reads in chunks of up
// to 1 MiB and copies them into one buffer of the input's size at the end,
// so that it holds at most twice what it read, and 1 MiB.
func ReadAll(r io.Reader) ([]byte, error) {
	size := int64(-1)
	switch r := r.(type) {
	case interface{ Len() int }:
		size = int64(r.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			if fi.Size() > int64(maxFileSize) {
				return nil, ErrTooLarge
			}
			size = fi.Size()
		}
	}
	limit := int64(maxFileSize) + 1 // one byte more tells a file that is too large
	r = io.LimitReader(r, limit)
	var chunks [][]byte
	total := 0
	next := int64(64 << 10)
	if size >= 0 {
		next = min(size, limit) + 1 // +1: room for the read that finds the end
	}
	for {
		c := make([]byte, min(next, limit-int64(total)))
		n, err := io.ReadFull(r, c)
		chunks = append(chunks, c[:n])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF || int64(total) == limit {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		next = min(2*next, 1<<20) // chunks of at most 1 MiB: little left unused
	}
	if total > maxFileSize {
		return nil, ErrTooLarge
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	b := make([]byte, 0, total)
	for _, c := range chunks {
		b = append(b, c...)
	}
	return b, nil
}

// parseProto reads the proto key of a table, "tcp" or "udp", exactly as
// Write writes it.
func parseProto(s string) (netmib.Proto, error) {
	switch s {
	case "tcp":
		return netmib.TCP, nil
	case "udp":
		return netmib.UDP, nil
	}
	return 0, fmt.Errorf("%s is not tcp or udp", text.Quote(s))
}

// snapshot checks f and returns the snapshot it holds.
func (f *fileJSON) snapshot() (*Snapshot, error) {
	taken, err := time.Parse(time.RFC3339Nano, f.Taken)
	if err != nil {
		return nil, invalid("taken", "%s is not an RFC 3339 time", text.Quote(f.Taken))
	}
	s := &Snapshot{
		Taken:     taken.UTC(),
		Host:      Host{Name: f.Host.Name, Wine: f.Host.Wine},
		Tables:    make([]Table, len(f.Tables)),
		Processes: make([]Process, len(f.Processes)),
		Services:  make([]Service, len(f.Services)),
		Modules:   make([]Module, len(f.Owners)),
	}
	if f.Host.Windows != "" {
		v := &s.Host.Windows
		if _, err := fmt.Sscanf(f.Host.Windows, "%d.%d.%d", &v.Major, &v.Minor, &v.Build); err != nil || v.String() != f.Host.Windows {
			return nil, invalid("host.windows", "%s is not major.minor.build", text.Quote(f.Host.Windows))
		}
	}
	for i, t := range f.Tables {
		field := fmt.Sprintf("tables[%d]", i)
		p, err := parseProto(t.Proto)
		if err != nil {
			return nil, &FileError{Field: field + ".proto", Err: err}
		}
		s.Tables[i] = Table{Proto: p, Family: netmib.Family(t.Family), Class: t.Class, Sorted: t.Sorted, Data: t.Data}
		if strings.HasSuffix(t.Function, "Table2") {
			s.Tables[i].Func = Table2
		}
		if name := s.Tables[i].FuncName(); name != t.Function {
			return nil, invalid(field+".function", "%s is not a function that returns a %s table of family %d", text.Quote(t.Function), t.Proto, t.Family)
		}
		layout, rows, err := s.Tables[i].layout()
		switch {
		case err != nil:
			return nil, &FileError{Field: field + ".data", Err: err}
		case layout != t.Layout:
			return nil, invalid(field+".layout", "%s, but the data is a %s", text.Quote(t.Layout), layout)
		case rows != t.Rows:
			return nil, invalid(field+".rows", "%d, but the data holds %d", t.Rows, rows)
		}
		if err := s.Tables[i].Check(); err != nil {
			return nil, &FileError{Field: field + ".data", Err: err}
		}
	}
	if len(f.Network) > 0 { // a file of version 1 has none, one taken with SkipNetwork an empty list
		s.Network = make([]NetTable, len(f.Network))
	}
	for i, t := range f.Network {
		field := fmt.Sprintf("network[%d]", i)
		k, err := ipconfig.KindOf(t.Function)
		if err != nil {
			return nil, &FileError{Field: field + ".function", Err: err}
		}
		s.Network[i] = NetTable{Kind: k, Data: t.Data, Err: t.Error}
		rows, err := s.Network[i].check()
		switch {
		case err != nil:
			return nil, &FileError{Field: field + ".data", Err: err}
		case t.Layout != k.String():
			return nil, invalid(field+".layout", "%s, but %s returns a %s", text.Quote(t.Layout), t.Function, k)
		case rows != t.Rows:
			return nil, invalid(field+".rows", "%d, but the data holds %d", t.Rows, rows)
		}
		if len(t.Data) == 0 {
			s.Network[i].Data = nil
		}
	}
	for i, p := range f.Processes {
		ts, err := filetime.ParseJSON(&p.CreateTimestamp, p.Created)
		if err != nil {
			return nil, invalid(fmt.Sprintf("processes[%d].created", i), "%w", err)
		}
		s.Processes[i] = Process{PID: p.PID, Image: p.Image, CreateTimestamp: ts, Error: p.Error}
		if name := s.Processes[i].Name(); name != p.Name {
			return nil, invalid(fmt.Sprintf("processes[%d].name", i), "%s, but the image is %s", text.Quote(p.Name), text.Quote(name))
		}
	}
	for i, v := range f.Services {
		s.Services[i] = Service(v)
	}
	for i, m := range f.Owners {
		s.Modules[i] = Module{PID: m.PID, ModuleInfo: m.ModuleInfo, Module: netmib.Module{Name: m.Name, Path: m.Path}, Error: m.Error}
	}
	if err := s.checkKinds(); err != nil { // each table has been checked above
		return nil, err
	}
	if err := s.checkKeys(); err != nil {
		return nil, err
	}
	return s, nil
}

// check reports what would make s a file that Read refuses: a table that
// fails Table.Check, or keys out of order.
func (s *Snapshot) check() error {
	for i := range s.Tables {
		if err := s.Tables[i].Check(); err != nil {
			return &FileError{Field: fmt.Sprintf("tables[%d]", i), Err: err}
		}
	}
	if err := s.checkNetwork(); err != nil {
		return err
	}
	return s.checkKeys()
}

// checkNetwork reports a NetTable that is neither a table that passes its
// kind's Check nor an error, and a kind held twice.
func (s *Snapshot) checkNetwork() error {
	for i := range s.Network {
		if _, err := s.Network[i].check(); err != nil {
			return &FileError{Field: fmt.Sprintf("network[%d]", i), Err: err}
		}
	}
	return s.checkKinds()
}

// checkKinds reports a kind of IP configuration table held twice.
func (s *Snapshot) checkKinds() error {
	seen := map[ipconfig.Kind]bool{}
	for i, t := range s.Network {
		if seen[t.Kind] {
			return invalid(fmt.Sprintf("network[%d].function", i), "a second %s table", t.Kind)
		}
		seen[t.Kind] = true
	}
	return nil
}

// checkKeys reports processes, services or owners out of order or
// duplicated, which the lookups' binary searches cannot have.
func (s *Snapshot) checkKeys() error {
	for i := 1; i < len(s.Processes); i++ {
		if s.Processes[i-1].PID >= s.Processes[i].PID {
			return invalid(fmt.Sprintf("processes[%d].pid", i), "%d does not follow %d: processes must be sorted by PID, once each",
				s.Processes[i].PID, s.Processes[i-1].PID)
		}
	}
	for i := range s.Services {
		if s.Services[i].Tag == 0 {
			return invalid(fmt.Sprintf("services[%d].service_tag", i), "0 is no service tag")
		}
		if i > 0 && compareServices(s.Services[i-1], s.Services[i]) >= 0 {
			return invalid(fmt.Sprintf("services[%d]", i), "services must be sorted by PID and service tag, once each")
		}
	}
	for i := 1; i < len(s.Modules); i++ {
		if compareModules(s.Modules[i-1], s.Modules[i]) >= 0 {
			return invalid(fmt.Sprintf("owners[%d]", i), "owners must be sorted by PID and module info, once each")
		}
	}
	return nil
}
