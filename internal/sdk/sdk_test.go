package sdk

import "testing"

// TestKnownSizes pins the C layout rules to sizes the SDK documentation
// states for a few structs, so that a mistake in Layout cannot agree with
// the same mistake in a decoder.
func TestKnownSizes(t *testing.T) {
	want := map[string][3]int{ // header, row size, offset of the last member
		"MIB_TCPTABLE":               {4, 20, 16},
		"MIB_TCP6TABLE_OWNER_MODULE": {8, 192, 64},
		"MIB_UDPTABLE_OWNER_MODULE":  {8, 160, 32},
		"MIB_UDP6TABLE_OWNER_MODULE": {8, 176, 48},
		"MIB_TCP6TABLE":              {4, 52, 48},
	}
	for _, s := range append(append([]Struct{}, TCP...), UDP...) {
		w, ok := want[s.Table]
		if !ok {
			continue
		}
		l := s.Layout()
		last := l.Fields[s.Members[len(s.Members)-1].Role]
		if got := [3]int{l.HeaderSize, l.RowSize, last.Off}; got != w {
			t.Errorf("%s: header, row size, last offset = %v, want %v", s.Table, got, w)
		}
	}
	if h := UDP[5].Layout().Holes(); len(h) != 8 || h[0] != 28 || h[4] != 44 {
		t.Errorf("MIB_UDP6ROW_OWNER_MODULE holes %v, want 28-31 and 44-47", h)
	}
}
