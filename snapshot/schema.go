package snapshot

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
)

// A field is one key of the file and the kind of value it takes, derived
// from the tags and types of fileJSON: the key list README gives is the
// one the reader checks.
type field struct {
	name string
	kind kind
	bits int          // kindUint, kindInt: the size of the Go integer
	sub  []field      // kindObject, kindList: the keys of the object, or of each element
	text reflect.Type // kindText: the type whose UnmarshalText reads the string
}

// A kind is the JSON value a key takes.
type kind uint8

const (
	kindObject     kind = iota + 1 // an object with exactly the keys of sub
	kindList                       // an array of such objects
	kindString                     // a string
	kindNullString                 // a string or null
	kindBase64                     // a string of padded standard base64
	kindText                       // a string that text's UnmarshalText reads
	kindUint                       // a whole number that fits bits bits, unsigned
	kindInt                        // a whole number that fits bits bits, signed
	kindBool                       // true or false
)

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// schemaOf returns the keys of the struct type t, each with the kind of
// its value. It panics on a Go type the file cannot hold, which the tests
// would catch at once.
func schemaOf(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		f := field{name: name}
		switch ft := sf.Type; {
		case ft == reflect.TypeFor[json.RawMessage](): // created, checked against create_timestamp
			f.kind = kindNullString
		case reflect.PointerTo(ft).Implements(textUnmarshaler):
			f.kind, f.text = kindText, ft
		case ft.Kind() == reflect.Struct:
			f.kind, f.sub = kindObject, schemaOf(ft)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Uint8:
			f.kind = kindBase64
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			f.kind, f.sub = kindList, schemaOf(ft.Elem())
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.String:
			f.kind = kindNullString
		case ft.Kind() == reflect.String:
			f.kind = kindString
		case ft.Kind() == reflect.Bool:
			f.kind = kindBool
		case ft.Kind() >= reflect.Uint && ft.Kind() <= reflect.Uint64:
			f.kind, f.bits = kindUint, ft.Bits()
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Int64:
			f.kind, f.bits = kindInt, ft.Bits()
		default:
			panic("snapshot: the file cannot hold a " + ft.String())
		}
		out = append(out, f)
	}
	return out
}

// fileKeys is every key of the file; README lists the same. fileKeysV1
// are those of a file of version 1.
var (
	fileKeys   = schemaOf(reflect.TypeFor[fileJSON]())
	fileKeysV1 = schemaOf(reflect.TypeFor[fileJSONv1]())
)

// maxKeys is the most keys an object of the file has; the walk keeps the
// keys it has seen in a bit set of this size.
const maxKeys = 32

// The deepest a value of the file nests is the schema's depth: an object
// (the file), a list, an object (a table), a scalar. The walk follows the
// schema, so it never goes deeper than that, whatever the input: an
// unknown key is refused before its value is read, and so is a value of
// the wrong kind, at its first byte.

// A walker checks a document that is valid JSON against the schema: every
// object has each of its keys exactly once, spelled exactly, and no other;
// every value is of its key's kind, and a number fits its Go type. It
// reads b once, in time linear in its length, allocates nothing on success
// but the counts it returns, and stays in bounds on any input.
//
// encoding/json alone would leave a missing key's member zero, ignore an
// unknown key, match keys without regard to case, keep the last of
// duplicate keys where other readers keep the first, and read null as a
// zero value: a PID left out would read as 0, a misspelt "sortd" as
// false, and two tools could read two different tables from one file.
type walker struct {
	b    []byte
	i    int
	path [8]step // where the walk is: a key, or an index in a list; the schema nests 3 deep
	n    int     // the steps of path in use

	text map[reflect.Type]encoding.TextUnmarshaler // a value of each kindText type, to check text with
}

// scratch returns a value of type t (a kindText type) to check text with.
func (w *walker) scratch(t reflect.Type) encoding.TextUnmarshaler {
	v, ok := w.text[t]
	if !ok {
		if w.text == nil {
			w.text = make(map[reflect.Type]encoding.TextUnmarshaler)
		}
		v = reflect.New(t).Interface().(encoding.TextUnmarshaler)
		w.text[t] = v
	}
	return v
}

// A step is one step of a path: a key, or an index when key is "".
type step struct {
	key   string
	index int
}

// A pathError is an error at a place in the file.
type pathError struct {
	field string
	err   error
}

// fail returns an error at the walk's current path.
func (w *walker) fail(format string, args ...any) *pathError {
	var p strings.Builder
	for _, s := range w.path[:w.n] {
		if s.key == "" {
			p.WriteByte('[')
			p.WriteString(strconv.Itoa(s.index))
			p.WriteByte(']')
			continue
		}
		if p.Len() > 0 {
			p.WriteByte('.')
		}
		p.WriteString(s.key)
	}
	return &pathError{field: p.String(), err: fmt.Errorf(format, args...)}
}

func (w *walker) push(s step) { w.path[w.n] = s; w.n++ }
func (w *walker) pop()        { w.n-- }

// checkFile checks the document b, which must be valid JSON, against the
// keys of fileKeys, and returns the number of elements of each list of the
// top object ("tables", "processes", ...), so that decoding allocates each
// list once, at its size. With every key required, an element of any list
// is at least 45 bytes of text, which bounds what decoding it allocates.
func checkFile(b []byte, keys []field) (lens map[string]int, err error) {
	w := walker{b: b}
	lens = make(map[string]int)
	if err := w.object(keys, lens); err != nil {
		return nil, &FileError{Field: err.field, Err: err.err}
	}
	return lens, nil
}

// space skips white space and returns the next byte, or 0 at the end.
func (w *walker) space() byte {
	for w.i < len(w.b) {
		switch c := w.b[w.i]; c {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return c
		}
	}
	return 0
}

// found names the kind of JSON value that starts with c, for errors.
func found(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case 0:
		return "the end of the file"
	}
	return "a number"
}

// object checks an object with exactly the keys of keys. When lens is not
// nil, it records the length of each list in it.
func (w *walker) object(keys []field, lens map[string]int) *pathError {
	if c := w.space(); c != '{' {
		return w.fail("want an object, found %s", found(c))
	}
	w.i++
	var seen uint32
	for {
		switch w.space() {
		case '}':
			w.i++
			for k, f := range keys {
				if seen&(1<<k) == 0 {
					w.push(step{key: f.name})
					err := w.fail("missing key")
					w.pop()
					return err
				}
			}
			return nil
		case ',':
			w.i++
			w.space()
		}
		raw, ok := w.str()
		if !ok {
			return w.fail("not valid JSON")
		}
		k := lookup(keys, raw)
		if k < 0 {
			return w.fail("unknown key %s", keyText(raw))
		}
		w.push(step{key: keys[k].name})
		if seen&(1<<k) != 0 {
			err := w.fail("duplicate key")
			w.pop()
			return err
		}
		seen |= 1 << k
		if w.space() != ':' {
			err := w.fail("not valid JSON")
			w.pop()
			return err
		}
		w.i++
		n, err := w.value(&keys[k])
		w.pop()
		if err != nil {
			return err
		}
		if lens != nil && keys[k].kind == kindList {
			lens[keys[k].name] = n
		}
	}
}

// lookup returns the index of the key raw (a string's contents, escapes
// and all) in keys, or -1.
func lookup(keys []field, raw []byte) int {
	if bytes.IndexByte(raw, '\\') >= 0 {
		if len(raw) > 6*maxKeyLen { // each character of a key at most \uXXXX
			return -1
		}
		raw = []byte(unquote(raw))
	}
	for k := range keys {
		if keys[k].name == string(raw) {
			return k
		}
	}
	return -1
}

// headKeys are the keys head looks for.
var headKeys = []field{{name: "schema"}, {name: "version"}}

// keyText returns the key raw, for an error message: quoted, escaped, and
// cut short, without unquoting more of it than the message shows.
func keyText(raw []byte) string {
	const most = 8 * maxKeyLen // bytes of the key unquoted at most: more than text.Quote shows, unless most are escapes such as \u0041
	if len(raw) <= most {
		return text.Quote(unquote(raw))
	}
	// Cut where no escape is cut in two: an escape is at most 6 bytes.
	cut := most
	for cut > most-6 && !json.Valid(append(append([]byte{'"'}, raw[:cut]...), '"')) {
		cut--
	}
	q := text.Quote(unquote(raw[:cut]))
	if !strings.HasSuffix(q, "...") {
		q += "..."
	}
	return q
}

// maxKeyLen bounds the length of a key of the file.
const maxKeyLen = 32

// unquote returns the string whose contents, escapes and all, are raw, as
// JSON reads them; raw is from a valid document.
func unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	var s string
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	if json.Unmarshal(quoted, &s) != nil {
		return string(raw)
	}
	return s
}

// value checks the value of the key f and returns the number of elements
// of a list.
func (w *walker) value(f *field) (n int, err *pathError) {
	c := w.space()
	switch f.kind {
	case kindObject:
		return 0, w.object(f.sub, nil)
	case kindList:
		if c != '[' {
			return 0, w.fail("want an array of objects, found %s", found(c))
		}
		w.i++
		for n = 0; ; n++ {
			switch w.space() {
			case ']':
				w.i++
				return n, nil
			case ',':
				w.i++
			}
			w.push(step{index: n})
			err := w.object(f.sub, nil)
			w.pop()
			if err != nil {
				return 0, err
			}
		}
	case kindString, kindNullString, kindBase64, kindText:
		if c == 'n' && f.kind == kindNullString {
			w.literal()
			return 0, nil
		}
		if c != '"' {
			want := "a string"
			if f.kind == kindNullString {
				want = "a string or null"
			}
			return 0, w.fail("want %s, found %s", want, found(c))
		}
		raw, _ := w.str()
		switch f.kind {
		case kindBase64:
			if bytes.IndexByte(raw, '\\') >= 0 { // base64 needs no escapes, but JSON allows \/
				raw = []byte(unquote(raw))
			}
			if err := checkBase64(raw); err != nil {
				return 0, w.fail("%v", err)
			}
		case kindText:
			if bytes.IndexByte(raw, '\\') >= 0 {
				raw = []byte(unquote(raw))
			}
			if err := w.scratch(f.text).UnmarshalText(raw); err != nil {
				return 0, w.fail("%v", err)
			}
		}
		return 0, nil
	case kindBool:
		if lit := w.literal(); string(lit) != "true" && string(lit) != "false" {
			return 0, w.fail("want true or false, found %s", found(c))
		}
		return 0, nil
	case kindUint, kindInt:
		if c == '"' || c == '{' || c == '[' {
			return 0, w.fail("want a whole number, found %s", found(c))
		}
		lit := w.literal()
		var err error
		if len(lit) > 24 { // longer than any int64, whatever its zeros
			err = strconv.ErrRange
		} else if f.kind == kindUint {
			_, err = strconv.ParseUint(string(lit), 10, f.bits)
		} else {
			_, err = strconv.ParseInt(string(lit), 10, f.bits)
		}
		if err != nil {
			if f.kind == kindUint {
				return 0, w.fail("want a whole number from 0 to %d, found %s", uint64(1)<<f.bits-1, text.Quote(string(lit)))
			}
			return 0, w.fail("want a whole number from %d to %d, found %s", -(int64(1) << (f.bits - 1)), int64(1)<<(f.bits-1)-1, text.Quote(string(lit)))
		}
		return 0, nil
	}
	panic("snapshot: unknown kind")
}

// str reads a string and returns its contents, escapes and all.
func (w *walker) str() ([]byte, bool) {
	if w.space() != '"' {
		return nil, false
	}
	start := w.i + 1
	for j := start; j < len(w.b); j++ {
		switch w.b[j] {
		case '\\':
			j++
		case '"':
			w.i = j + 1
			return w.b[start:j], true
		}
	}
	w.i = len(w.b)
	return nil, false
}

// literal reads a number, true, false or null, and returns it.
func (w *walker) literal() []byte {
	start := w.i
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return w.b[start:w.i]
		}
		w.i++
	}
	return w.b[start:]
}

// checkBase64 reports whether s is padded standard base64 (RFC 4648 §4)
// with no line breaks: a subset of what encoding/json decodes into a
// []byte, so that what passes here decodes there.
func checkBase64(s []byte) error {
	if len(s)%4 != 0 {
		return fmt.Errorf("not base64: %d characters, not a multiple of 4", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
		case c == '=' && (i == len(s)-1 || (i == len(s)-2 && s[i+1] == '=')):
		default:
			return fmt.Errorf("not base64: %s at character %d", text.Quote(string(s[i:i+1])), i)
		}
	}
	return nil
}

// head returns the values of the keys "schema" and "version" of the top
// object of the document b, as they are written: nil for a key the object
// does not have. It skips every other value without looking into it, in
// one pass with no recursion. On a document that is not valid JSON it
// returns what it found before the fault.
func head(b []byte) (schema, version []byte, err error) {
	w := walker{b: b}
	if c := w.space(); c != '{' {
		return nil, nil, fmt.Errorf("%w: the document is %s, not an object", ErrNotSnapshot, found(c))
	}
	w.i++
	for last := -1; w.i > last; { // each member moves on, or the walk stops
		last = w.i
		switch w.space() {
		case '}', 0:
			return schema, version, nil
		case ',':
			w.i++
		}
		raw, ok := w.str()
		if !ok {
			return schema, version, nil
		}
		if w.space() == ':' {
			w.i++
		}
		w.space()
		start := w.i
		w.skip()
		v := w.b[start:w.i]
		switch k := lookup(headKeys, raw); {
		case k == 0 && schema != nil, k == 1 && version != nil:
			return nil, nil, &FileError{Field: headKeys[k].name, Err: errors.New("duplicate key")}
		case k == 0:
			schema = v
		case k == 1:
			version = v
		}
	}
	return schema, version, nil
}

// skip skips one value of a valid document, however deeply it nests,
// counting brackets rather than recursing.
func (w *walker) skip() {
	depth := 0
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case '"':
			w.str()
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				w.i++
				return
			}
		case ',':
			if depth == 0 {
				return
			}
		case ' ', '\t', '\n', '\r':
		default:
			if depth == 0 {
				w.literal()
				return
			}
		}
		w.i++
	}
}
