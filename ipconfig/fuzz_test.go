package ipconfig_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/ipconfig"
)

// decodeAll parses b as a table of kind k and returns its values, or an
// error.
func decodeAll(k ipconfig.Kind, b []byte) (any, error) {
	switch k {
	case ipconfig.Interfaces:
		t, err := ipconfig.ParseInterfaces(b)
		return t.AppendInterfaces(nil), err
	case ipconfig.Addresses:
		t, err := ipconfig.ParseAddresses(b)
		return t.AppendAddresses(nil), err
	case ipconfig.Routes:
		t, err := ipconfig.ParseRoutes(b)
		return t.AppendRoutes(nil), err
	}
	t, err := ipconfig.ParseNeighbors(b)
	return t.AppendNeighbors(nil), err
}

// encodeAll writes values of kind k as a table.
func encodeAll(k ipconfig.Kind, v any) ([]byte, error) {
	switch k {
	case ipconfig.Interfaces:
		return ipconfig.AppendInterfaceTable(nil, v.([]ipconfig.Interface))
	case ipconfig.Addresses:
		return ipconfig.AppendAddressTable(nil, v.([]ipconfig.Address))
	case ipconfig.Routes:
		return ipconfig.AppendRouteTable(nil, v.([]ipconfig.Route))
	}
	return ipconfig.AppendNeighborTable(nil, v.([]ipconfig.Neighbor))
}

// FuzzParse feeds any bytes to the parser of any table. Invariants: no
// panic; a table that Check accepts parses; the values of a table the
// encoder can write survive encoding and decoding; every value the
// encoder can write survives its JSON form.
func FuzzParse(f *testing.F) {
	for _, k := range ipconfig.Kinds() {
		b := make([]byte, 8+k.RowSize())
		binary.LittleEndian.PutUint32(b, 1)
		binary.LittleEndian.PutUint16(b[8:], ipconfig.AFInet6)
		f.Add(uint8(k), b)
		binary.LittleEndian.PutUint32(b, 0xFFFFFFFF)
		f.Add(uint8(k), b)
	}
	seeds, _ := filepath.Glob("../fixtures/data/*-ipconfig-*.bin")
	for _, path := range seeds {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, k := range ipconfig.Kinds() {
			f.Add(uint8(k), b)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, b []byte) {
		k := ipconfig.Kinds()[int(kind)%4]
		values, err := decodeAll(k, b)
		checkErr := k.Check(b)
		if err != nil {
			if !errors.Is(err, netmib.ErrTruncated) && !errors.Is(err, netmib.ErrTooManyRows) {
				t.Fatalf("%v: parse error %v wraps no sentinel", k, err)
			}
			if checkErr == nil {
				t.Fatalf("%v: Check accepts what Parse refuses: %v", k, err)
			}
			return
		}
		enc, err := encodeAll(k, values)
		if err != nil {
			if !errors.Is(err, netmib.ErrUnrepresentable) {
				t.Fatalf("%v: encoder error %v", k, err)
			}
			if checkErr == nil && k != ipconfig.Interfaces { // Check does not look at strings or the two MACs
				t.Fatalf("%v: Check accepts values the encoder cannot write: %v", k, err)
			}
			return
		}
		back, err := decodeAll(k, enc)
		if err != nil {
			t.Fatalf("%v: the encoder's output does not parse: %v", k, err)
		}
		if !reflect.DeepEqual(values, back) {
			t.Fatalf("%v: values change through the encoder:\n%+v\n%+v", k, values, back)
		}
		if err := k.Check(enc); err != nil {
			t.Fatalf("%v: Check refuses the encoder's output: %v", k, err)
		}
		j, err := json.Marshal(values)
		if err != nil {
			t.Fatalf("%v: JSON: %v", k, err)
		}
		fromJSON := reflect.New(reflect.TypeOf(values))
		if err := json.Unmarshal(j, fromJSON.Interface()); err != nil {
			t.Fatalf("%v: JSON does not read back: %v\n%s", k, err, j)
		}
		if !reflect.DeepEqual(values, fromJSON.Elem().Interface()) {
			t.Fatalf("%v: values change through JSON:\n%+v\n%s", k, values, j)
		}
	})
}
