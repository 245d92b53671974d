package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A keySet is the keys an object of the file has, each once, in no
// particular order.
type keySet []key

// A key is one key, with the keys of its value when that is an object or
// an array of objects.
type key struct {
	name string
	sub  keySet
}

// fileKeys is every key of the file, as the tags of fileJSON name them;
// README lists them.
var fileKeys = keysOf(reflect.TypeFor[fileJSON]())

// keysOf returns the JSON keys of the struct type t, each with the keys of
// its value when that is a struct or a slice of structs.
func keysOf(t reflect.Type) keySet {
	var out keySet
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		var sub keySet
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			sub = keysOf(ft)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			sub = keysOf(ft.Elem())
		}
		out = append(out, key{name, sub})
	}
	return out
}

// checkFileKeys checks the keys of the document b, which must be valid
// JSON: every object has each key of its set (fileKeys) once, and no
// other. It returns the number of elements of each list of the file
// ("tables", "processes", ...), so that decoding allocates each list once.
//
// encoding/json alone would leave a missing key's member zero, ignore an
// unknown key, match keys without regard to case, and keep the last of
// duplicate keys, where other readers keep the first: a PID left out would
// read as 0, a misspelt "sortd" as false, and two tools could read two
// different tables from one file. Its Decoder can refuse unknown keys, but
// copies the whole document into a buffer that grows to up to four times
// its size; this walk over b copies nothing. With every key required, each
// element of a list is at least 45 bytes of text, which bounds what
// decoding it allocates to about twice its size.
func checkFileKeys(b []byte) (lens map[string]int, err error) {
	w := keyWalker{b: b, lens: make(map[string]int)}
	field, err := w.value(fileKeys, 0)
	if err != nil {
		return nil, &FileError{Field: strings.TrimPrefix(field, "."), Err: err}
	}
	return w.lens, nil
}

// A keyWalker walks a valid JSON document. It stays in bounds on any
// input, valid or not.
type keyWalker struct {
	b    []byte
	i    int
	n    int            // the number of elements of the last array
	lens map[string]int // the number of elements of each array of the top object
}

var errBadJSON = errors.New("not valid JSON")

// peek skips white space and returns the next byte, or 0 at the end.
func (w *keyWalker) peek() byte {
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

// value skips one value, checking the keys of its objects, or of the
// objects in it when it is an array, against keys; nil checks nothing. On
// error it returns the path to the key at fault.
func (w *keyWalker) value(keys keySet, depth int) (field string, err error) {
	switch w.peek() {
	case '{':
		w.i++
		return w.object(keys, depth)
	case '[':
		w.i++
		for w.n = 0; ; w.n++ {
			switch w.peek() {
			case ']':
				w.i++
				return "", nil
			case ',':
				w.i++
			}
			if w.peek() == ']' { // after a comma: not valid JSON, but not ours to report
				return "", errBadJSON
			}
			n := w.n
			if field, err := w.value(keys, depth+1); err != nil {
				return "[" + strconv.Itoa(n) + "]" + field, err
			}
			w.n = n
			if w.i >= len(w.b) {
				return "", errBadJSON
			}
		}
	case '"':
		_, err := w.str()
		return "", err
	case 0:
		return "", errBadJSON
	}
	// A number, true, false or null.
	start := w.i
	for w.i < len(w.b) && !endsLiteral(w.b[w.i]) {
		w.i++
	}
	if w.i == start {
		return "", errBadJSON
	}
	return "", nil
}

// object checks the members of an object whose '{' it has read.
func (w *keyWalker) object(keys keySet, depth int) (field string, err error) {
	var seen uint32 // bit i: keys[i]; no object of the file has more than 8 keys
	for {
		switch w.peek() {
		case '}':
			w.i++
			for i, k := range keys {
				if seen&(1<<i) == 0 {
					return "." + k.name, errors.New("missing key")
				}
			}
			return "", nil
		case ',':
			w.i++
			w.peek()
		}
		raw, err := w.str()
		if err != nil {
			return "", err
		}
		name := raw
		if bytes.IndexByte(raw, '\\') >= 0 { // an escaped key: unquote it as JSON does
			var s string
			if err := json.Unmarshal(w.b[w.i-len(raw)-2:w.i], &s); err != nil {
				return "", err
			}
			name = []byte(s)
		}
		if w.peek() != ':' {
			return "", errBadJSON
		}
		w.i++
		var sub keySet
		if keys != nil {
			i := slices.IndexFunc(keys, func(k key) bool { return k.name == string(name) })
			switch {
			case i < 0:
				return "." + string(name), errors.New("unknown key")
			case seen&(1<<i) != 0:
				return "." + string(name), errors.New("duplicate key")
			}
			seen |= 1 << i
			sub = keys[i].sub
		}
		w.n = -1
		if field, err := w.value(sub, depth+1); err != nil {
			return "." + string(name) + field, err
		}
		if depth == 0 && w.n >= 0 {
			w.lens[string(name)] = w.n
		}
	}
}

func endsLiteral(c byte) bool {
	switch c {
	case ',', ']', '}', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// str reads a string and returns what is between its quotes, as is.
func (w *keyWalker) str() ([]byte, error) {
	if w.peek() != '"' {
		return nil, errBadJSON
	}
	start := w.i + 1
	for j := start; ; j++ {
		k := bytes.IndexByte(w.b[j:], '"')
		if k < 0 {
			return nil, errBadJSON
		}
		j += k
		// A quote after an odd number of backslashes is part of the string.
		n := 0
		for n < j-start && w.b[j-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			w.i = j + 1
			return w.b[start:j], nil
		}
	}
}
