package text

import "testing"

func TestParseNumbered(t *testing.T) {
	for _, tt := range []struct {
		in   string
		bits int
		v    uint64
		ok   bool
	}{
		{"State(13)", 32, 13, true},
		{"state(13)", 32, 13, true}, // any case
		{"State(4294967295)", 32, 4294967295, true},
		{"State(4294967296)", 32, 0, false}, // out of range
		{"State(256)", 8, 0, false},
		{"State(013)", 32, 0, false}, // not what String prints
		{"State(+1)", 32, 0, false},
		{"State()", 32, 0, false},
		{"State(1", 32, 0, false},
		{"Other(1)", 32, 0, false},
		{"State", 32, 0, false},
	} {
		v, ok := ParseNumbered(tt.in, "State", tt.bits)
		if v != tt.v || ok != tt.ok {
			t.Errorf("ParseNumbered(%q, %d) = %d, %v; want %d, %v", tt.in, tt.bits, v, ok, tt.v, tt.ok)
		}
	}
}
