package snapshot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
)

// The file format: a JSON document that names itself.
const (
	// Schema is the value of the file's "schema" key.
	Schema = "netmib.snapshot"
	// FileVersion is the value of the file's "version" key that this
	// package writes and reads. A change to the format that an older
	// reader would misread gets a new version.
	FileVersion = 1
	// MaxFileSize is the largest file Read reads and Write writes: 256 MiB,
	// about 1.3 million rows of the largest layout, so more than any host
	// has. Read allocates at most about 3 bytes per byte of the file: 1.75
	// for a file of tables, up to 2.8 for one of the smallest entries the
	// format allows (measured by TestReadMemoryBound), so at most about
	// 768 MiB.
	MaxFileSize = 256 << 20
)

// maxFileSize is MaxFileSize, but for tests.
var maxFileSize = MaxFileSize

// ErrTooLarge is returned when a file, or the file a snapshot would make,
// is larger than MaxFileSize.
var ErrTooLarge = errors.New("snapshot: file larger than MaxFileSize")

// ErrNotSnapshot is returned by Read for input that is not a JSON object
// whose "schema" is Schema.
var ErrNotSnapshot = errors.New("snapshot: not a netmib snapshot")

// ErrUnknownVersion is returned by Read for a snapshot file of a version
// other than FileVersion.
var ErrUnknownVersion = errors.New("snapshot: unknown file version")

// ErrInvalid is returned, wrapped in a [*FileError], when a snapshot or its
// file is inconsistent: a key of the wrong type or an unknown key, bad
// base64, a table that does not parse as the layout its arguments name,
// keys out of order or duplicated, or a key that disagrees with another.
var ErrInvalid = errors.New("snapshot: invalid snapshot")

// A FileError reports which member of a snapshot is invalid, and why. It
// matches ErrInvalid and the error that caused it, such as a
// *netmib.FormatError for a truncated table, with errors.Is and errors.As.
type FileError struct {
	Field string // the member, as a JSON path: "tables[2].data"
	Err   error  // the cause
}

// Error returns "snapshot: invalid snapshot: <field>: <cause>".
func (e *FileError) Error() string {
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
		Schema    string          `json:"schema"`
		Version   json.RawMessage `json:"version"` // checked apart: no other version decodes
		Taken     string          `json:"taken"`
		Host      hostJSON        `json:"host"`
		Tables    []tableJSON     `json:"tables"`
		Processes []processJSON   `json:"processes"`
		Services  []serviceJSON   `json:"services"`
		Owners    []ownerJSON     `json:"owners"`
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
	ownerJSON struct {
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
// s must be consistent, as Take and Read return it: every table parses as
// the layout its arguments name, and processes, services and owners are
// sorted by their keys without duplicates. Otherwise Write writes nothing
// and returns an error wrapping ErrInvalid; a file larger than
// MaxFileSize gives ErrTooLarge.
func Write(w io.Writer, s *Snapshot) error {
	if err := s.check(); err != nil {
		return err
	}
	f := fileJSON{
		Schema: Schema, Version: json.RawMessage(strconv.Itoa(FileVersion)),
		Taken:     s.Taken.UTC().Format(time.RFC3339Nano),
		Host:      hostJSON{Name: s.Host.Name, Windows: s.Host.Windows.String(), Wine: s.Host.Wine},
		Tables:    make([]tableJSON, len(s.Tables)),
		Processes: make([]processJSON, len(s.Processes)),
		Services:  make([]serviceJSON, len(s.Services)),
		Owners:    make([]ownerJSON, len(s.Owners)),
	}
	for i := range s.Tables {
		t := &s.Tables[i]
		layout, rows, _ := t.layout() // check has parsed it
		f.Tables[i] = tableJSON{Proto: strings.ToLower(t.Proto.String()), Function: t.FuncName(), Family: uint32(t.Family),
			Class: t.Class, Sorted: t.Sorted, Layout: layout, Rows: rows, Data: t.Data}
	}
	for i := range s.Processes {
		p := &s.Processes[i]
		f.Processes[i] = processJSON{PID: p.PID, Name: p.Name(), Image: p.Image, CreateTimestamp: p.CreateTimestamp,
			Created: mib.AppendCreatedJSON(nil, p.CreateTimestamp), Error: p.Error}
	}
	for i, v := range s.Services {
		f.Services[i] = serviceJSON(v)
	}
	for i, o := range s.Owners {
		f.Owners[i] = ownerJSON{PID: o.PID, ModuleInfo: o.ModuleInfo, Name: o.Name, Path: o.Path, Error: o.Error}
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
// hostile: it reads at most MaxFileSize bytes and allocates at most about
// 3 bytes per byte it reads (see MaxFileSize); a larger file is
// ErrTooLarge, a document that is not a snapshot ErrNotSnapshot, one of
// another version ErrUnknownVersion, and any inconsistency an error
// wrapping ErrInvalid (see [FileError]). Every object of the file must
// have each of its keys exactly once, written as README lists them, and
// no other. Read never panics.
func Read(r io.Reader) (*Snapshot, error) {
	b, err := readAll(r)
	if err != nil {
		return nil, err
	}
	lens, err := checkFileKeys(b)
	if err != nil {
		return nil, fileHeadError(b, err)
	}
	// Unmarshal appends to a slice it is given: each list is allocated
	// once, at its size.
	f := fileJSON{
		Tables:    make([]tableJSON, 0, lens["tables"]),
		Processes: make([]processJSON, 0, lens["processes"]),
		Services:  make([]serviceJSON, 0, lens["services"]),
		Owners:    make([]ownerJSON, 0, lens["owners"]),
	}
	err = json.Unmarshal(b, &f)
	if err != nil || f.Schema != Schema || string(f.Version) != strconv.Itoa(FileVersion) {
		return nil, fileHeadError(b, err)
	}
	return f.snapshot()
}

// fileHeadError returns why the document b is not a snapshot this package
// reads, given err, the first error found in it, or nil when its schema or
// version is wrong: the first of not JSON, not a snapshot, another
// version, and err.
func fileHeadError(b []byte, err error) error {
	var head struct {
		Schema  string          `json:"schema"`
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return fmt.Errorf("%w: %w", ErrNotSnapshot, err)
	}
	if head.Schema != Schema {
		return fmt.Errorf("%w: schema %q", ErrNotSnapshot, head.Schema)
	}
	if v := string(head.Version); v != strconv.Itoa(FileVersion) {
		return fmt.Errorf("%w %s: this package reads version %d", ErrUnknownVersion, v, FileVersion)
	}
	if fe := (*FileError)(nil); errors.As(err, &fe) {
		return err
	}
	if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) && te.Field != "" {
		// encoding/json names the field by its path of keys, without
		// indexes, and the Go type it wanted.
		return &FileError{Field: te.Field, Err: fmt.Errorf("JSON %s where a %v goes", te.Value, te.Type)}
	}
	return &FileError{Field: "(document)", Err: err}
}

// readAll reads r to its end, or returns ErrTooLarge past maxFileSize. It
// sizes its buffer from r's Len or Stat method when r has one, as
// *bytes.Reader and *os.File do, so that it reads a file into one
// allocation of the file's size.
func readAll(r io.Reader) ([]byte, error) {
	size := int64(512)
	switch r := r.(type) {
	case interface{ Len() int }:
		size = int64(r.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	size = max(0, min(size, int64(maxFileSize)))
	r = io.LimitReader(r, int64(maxFileSize)+1)
	b := make([]byte, 0, size+1) // +1: room for the read that finds the end
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
	}
	if len(b) > maxFileSize {
		return nil, ErrTooLarge
	}
	return b, nil
}

// snapshot checks f and returns the snapshot it holds.
func (f *fileJSON) snapshot() (*Snapshot, error) {
	taken, err := time.Parse(time.RFC3339Nano, f.Taken)
	if err != nil {
		return nil, invalid("taken", "%w", err)
	}
	s := &Snapshot{
		Taken:     taken.UTC(),
		Host:      Host{Name: f.Host.Name, Wine: f.Host.Wine},
		Tables:    make([]Table, len(f.Tables)),
		Processes: make([]Process, len(f.Processes)),
		Services:  make([]Service, len(f.Services)),
		Owners:    make([]Owner, len(f.Owners)),
	}
	if f.Host.Windows != "" {
		v := &s.Host.Windows
		if _, err := fmt.Sscanf(f.Host.Windows, "%d.%d.%d", &v.Major, &v.Minor, &v.Build); err != nil || v.String() != f.Host.Windows {
			return nil, invalid("host.windows", "%q is not major.minor.build", f.Host.Windows)
		}
	}
	for i, t := range f.Tables {
		field := fmt.Sprintf("tables[%d]", i)
		p, err := ParseProto(t.Proto)
		if err != nil {
			return nil, &FileError{Field: field + ".proto", Err: err}
		}
		s.Tables[i] = Table{Proto: p, Family: netmib.Family(t.Family), Class: t.Class, Sorted: t.Sorted, Data: t.Data}
		if strings.HasSuffix(t.Function, "Table2") {
			s.Tables[i].Func = Table2
		}
		if name := s.Tables[i].FuncName(); name != t.Function {
			return nil, invalid(field+".function", "%q is not a function that returns a %s table of family %d", t.Function, t.Proto, t.Family)
		}
		layout, rows, err := s.Tables[i].layout()
		switch {
		case err != nil:
			return nil, &FileError{Field: field + ".data", Err: err}
		case layout != t.Layout:
			return nil, invalid(field+".layout", "%q, but the data is a %s", t.Layout, layout)
		case rows != t.Rows:
			return nil, invalid(field+".rows", "%d, but the data holds %d", t.Rows, rows)
		}
	}
	for i, p := range f.Processes {
		ts, err := mib.JSONTimestamp(&p.CreateTimestamp, p.Created)
		if err != nil {
			return nil, invalid(fmt.Sprintf("processes[%d].created", i), "%w", err)
		}
		s.Processes[i] = Process{PID: p.PID, Image: p.Image, CreateTimestamp: ts, Error: p.Error}
		if name := s.Processes[i].Name(); name != p.Name {
			return nil, invalid(fmt.Sprintf("processes[%d].name", i), "%q, but the image is %q", p.Name, name)
		}
	}
	for i, v := range f.Services {
		s.Services[i] = Service(v)
	}
	for i, o := range f.Owners {
		s.Owners[i] = Owner{PID: o.PID, ModuleInfo: o.ModuleInfo, Owner: netmib.Owner{Name: o.Name, Path: o.Path}, Error: o.Error}
	}
	if err := s.checkKeys(); err != nil {
		return nil, err
	}
	return s, nil
}

// check reports what would make s an invalid file: a table that does not
// parse, or keys out of order.
func (s *Snapshot) check() error {
	for i := range s.Tables {
		if _, _, err := s.Tables[i].layout(); err != nil {
			return &FileError{Field: fmt.Sprintf("tables[%d]", i), Err: err}
		}
	}
	return s.checkKeys()
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
	for i := 1; i < len(s.Owners); i++ {
		if compareOwners(s.Owners[i-1], s.Owners[i]) >= 0 {
			return invalid(fmt.Sprintf("owners[%d]", i), "owners must be sorted by PID and module info, once each")
		}
	}
	return nil
}
