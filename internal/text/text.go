// Package text makes strings that come from hostile input safe to print:
// a process image, a service name or a key of a snapshot file may hold a
// newline that forges a line of output, or an escape sequence that a
// terminal obeys.
package text

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// quoteLen is the most bytes that Quote writes between its quotes.
const quoteLen = 64

// Quote returns s as a double-quoted Go string literal in ASCII, as
// strconv.QuoteToASCII writes it, for error messages, which stay one line
// of bounded length whatever the input holds. The bound is on what Quote
// writes, not on what it reads, since one byte of input can take ten to
// write (a rune outside the Basic Multilingual Plane is \U0001f600): when
// the literal would hold more than 64 bytes between its quotes, Quote
// keeps the characters whose escapes fit in 64 and writes "..." after the
// closing quote. The result is at most 69 bytes long.
func Quote(s string) string {
	b := make([]byte, 0, quoteLen+5)
	b = append(b, '"')
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		// Quoting one character at a time writes what quoting the whole
		// string writes: strconv decodes it the same way.
		q := strconv.QuoteToASCII(s[i : i+size])
		if len(b)-1+len(q)-2 > quoteLen {
			return string(append(b, `"...`...))
		}
		b = append(b, q[1:len(q)-1]...)
		i += size
	}
	return string(append(b, '"'))
}

// Escape returns s with every character that is not printable written as
// the escape a Go string literal would use: control characters as \n,
// \t or \x1b, format characters such as the bidirectional override U+202E
// as \u202e, and each byte of invalid UTF-8 as \xff. Printable characters,
// non-ASCII letters and the backslashes of Windows paths among them, are
// kept, so that C:\Users\Jörg\a.exe prints as it is. The result is for
// people to read, not to parse back: a name that holds a backslash and an
// n looks like one that holds a newline, but it cannot start a new line.
// Escape returns s itself, without allocating, when nothing needs escaping.
func Escape(s string) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !printable(r, size) {
			return escapeFrom(s, i)
		}
		i += size
	}
	return s
}

// printable reports whether r, decoded from size bytes, prints as itself.
// A byte of invalid UTF-8 decodes as utf8.RuneError of size 1.
func printable(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return r == ' ' || unicode.IsPrint(r)
}

func escapeFrom(s string, i int) string {
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:i]...)
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case printable(r, size):
			b = append(b, s[i:i+size]...)
		case size == 1 && r == utf8.RuneError:
			b = append(b, '\\', 'x', hex[s[i]>>4], hex[s[i]&15])
		default:
			q := strconv.QuoteRune(r) // '\n', '\x1b', '\u202e'
			b = append(b, q[1:len(q)-1]...)
		}
		i += size
	}
	return string(b)
}

const hex = "0123456789abcdef"
