package text

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{`C:\Windows\System32\svchost.exe`, `C:\Windows\System32\svchost.exe`},
		{`C:\Users\Jörg\app.exe`, `C:\Users\Jörg\app.exe`},
		{"evil.exe\nTCP    0.0.0.0:1", `evil.exe\nTCP    0.0.0.0:1`},
		{"a\r\tb", `a\r\tb`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"exe.\u202etxt", `exe.\u202etxt`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"\u00a0nbsp", `\u00a0nbsp`},
		{"\u0085next line", `\u0085next line`},
		{"\ufffd", "\ufffd"},
	}
	for _, tt := range tests {
		got := Escape(tt.in)
		require.Equal(t, tt.want, got, "%q", tt.in)
		for _, r := range got {
			require.False(t, r < ' ' || r == 0x7f, "%q has control %U", got, r)
		}
	}
	clean := "svchost.exe"
	require.Zero(t, testing.AllocsPerRun(10, func() { _ = Escape(clean) }))
}

func TestQuote(t *testing.T) {
	require.Equal(t, `"a\nb"`, Quote("a\nb"))
	require.Equal(t, `"J\u00f6rg"`, Quote("Jörg"))
	long := strings.Repeat("é", 100) // 200 bytes
	q := Quote(long)
	require.Equal(t, `"`+strings.Repeat(`\u00e9`, 10)+`"...`, q) // 10 escapes of 6 fill 60 of 64
	// The bound is on what Quote writes, not on what it reads: a byte of
	// invalid UTF-8 or a rune outside the BMP writes 4 or 10 bytes.
	for _, s := range []string{strings.Repeat("\x86", 100), strings.Repeat("\U0001F600", 100), strings.Repeat("a", 100)} {
		q := Quote(s)
		require.LessOrEqual(t, len(q), quoteLen+5, q)
		require.True(t, strings.HasSuffix(q, `"...`), q)
	}
	require.Equal(t, `"`+strings.Repeat("a", 64)+`"`, Quote(strings.Repeat("a", 64)))
	require.Equal(t, `"`+strings.Repeat("a", 64)+`"...`, Quote(strings.Repeat("a", 65)))
}

// FuzzEscape checks that nothing Escape returns holds a character a
// terminal would act on, and that text with nothing to escape comes back
// unchanged.
func FuzzEscape(f *testing.F) {
	f.Add("evil\n\x1b[2J\u202e\xff")
	f.Add(`C:\Program Files\x.exe`)
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		require.True(t, utf8.ValidString(e))
		clean := utf8.ValidString(s)
		for _, r := range s {
			clean = clean && printable(r, utf8.RuneLen(r))
		}
		for _, r := range e {
			require.True(t, printable(r, utf8.RuneLen(r)), "%q has %U", e, r)
		}
		if clean {
			require.Equal(t, s, e)
		}
	})
}

// FuzzQuote checks that Quote writes one line of printable ASCII of
// bounded length, whatever it reads, and that it is strconv.QuoteToASCII's
// text, or its start when the input is long.
func FuzzQuote(f *testing.F) {
	f.Add("evil\n\x1b[2J\u202e\xff")
	f.Add(strings.Repeat("\x86", 70))
	f.Add(strings.Repeat("\U0001F600", 20))
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		require.LessOrEqual(t, len(q), quoteLen+5)
		for _, r := range q {
			require.True(t, r >= ' ' && r < 0x7f, "%q", q)
		}
		full := strconv.QuoteToASCII(s)
		if cut, ok := strings.CutSuffix(q, `"...`); ok {
			require.True(t, strings.HasPrefix(full, cut), "%s is not the start of %s", q, full)
		} else {
			require.Equal(t, full, q)
		}
	})
}
