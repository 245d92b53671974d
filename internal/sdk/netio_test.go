package sdk

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestNetLayoutsMatchCompiler compares the layouts of the netioapi.h rows
// with the offsets and sizes a C compiler gave them:
// testdata/offsets-mingw-x64.txt is the output of testdata/offsets.c,
// built with mingw-w64's x86_64 gcc (MSVC layout rules for structs and
// bit-fields) against mingw-w64's headers and run under Wine.
func TestNetLayoutsMatchCompiler(t *testing.T) {
	f, err := os.Open("testdata/offsets-mingw-x64.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]*CType{}
	for _, n := range Net {
		rows[n.Row.Name] = n.Row
	}
	checked := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.Fields(sc.Text())
		switch {
		case len(w) == 4 && w[2] == "Table" || len(w) == 4 && w[2] == "MIB_IF_TABLE2.Table":
			row := rows[w[0]]
			if row == nil {
				continue
			}
			size, _ := strconv.Atoi(w[1])
			header, _ := strconv.Atoi(w[3])
			if row.Size != size {
				t.Errorf("%s: size %d, the compiler says %d", row.Name, row.Size, size)
			}
			for _, n := range Net {
				if n.Row == row && n.HeaderSize() != header {
					t.Errorf("%s: header %d, the compiler says %d", n.Table, n.HeaderSize(), header)
				}
			}
			checked[row.Name]++
		case len(w) == 3 && strings.Contains(w[0], "."):
			path := strings.Split(w[0], ".")
			row := rows[path[0]]
			if row == nil {
				continue
			}
			off, _ := strconv.Atoi(w[1])
			size, _ := strconv.Atoi(w[2])
			m, ok := row.Field(path[1:]...)
			if !ok {
				t.Errorf("%s: no member %s", row.Name, w[0])
				continue
			}
			if m.Off != off || m.Type.Size != size {
				t.Errorf("%s: offset %d size %d, the compiler says %d and %d", w[0], m.Off, m.Type.Size, off, size)
			}
			checked[row.Name]++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, n := range Net {
		if checked[n.Row.Name] < 8 {
			t.Errorf("%s: only %d facts checked", n.Row.Name, checked[n.Row.Name])
		}
	}
	if SOCKADDR_INET.Size != 28 || SOCKADDR_INET.Align != 4 || IP_ADDRESS_PREFIX.Size != 32 {
		t.Errorf("SOCKADDR_INET %d/%d, IP_ADDRESS_PREFIX %d; want 28/4 and 32", SOCKADDR_INET.Size, SOCKADDR_INET.Align, IP_ADDRESS_PREFIX.Size)
	}
}
