package text

import (
	"strconv"
	"strings"
)

// ParseNumbered reads the form "Name(n)" that String methods give values
// outside an enumeration, in any case, with n in decimal without leading
// zeros and within bits bits.
func ParseNumbered(s, name string, bits int) (uint64, bool) {
	if len(s) <= len(name)+2 || !strings.EqualFold(s[:len(name)+1], name+"(") || s[len(s)-1] != ')' {
		return 0, false
	}
	digits := s[len(name)+1 : len(s)-1]
	v, err := strconv.ParseUint(digits, 10, bits)
	if err != nil || strconv.FormatUint(v, 10) != digits {
		return 0, false
	}
	return v, true
}
