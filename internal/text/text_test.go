package text

import (
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
	require.True(t, strings.HasSuffix(q, `"...`), q)
	require.Less(t, len(q), 6*64+8)
	require.True(t, utf8.ValidString(q))
}

// FuzzEscape checks that nothing Escape returns holds a character a
// terminal would act on, and that clean text comes back unchanged.
func FuzzEscape(f *testing.F) {
	f.Add("evil\n\x1b[2J\u202e\xff")
	f.Add(`C:\Program Files\x.exe`)
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		require.True(t, utf8.ValidString(e))
		for _, r := range e {
			require.True(t, printable(r, utf8.RuneLen(r)), "%q has %U", e, r)
		}
		if e == s {
			return
		}
		require.NotEqual(t, s, e)
		q := Quote(s)
		require.LessOrEqual(t, len(q), 10*quoteLen+8)
		for _, r := range q {
			require.True(t, r >= ' ' && r < 0x7f, "%q", q)
		}
	})
}
