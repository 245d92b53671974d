package snapshot

import (
	"encoding/binary"
	"fmt"

	"github.com/netmib/netmib/ipconfig"
)

// A NetTable is one of the host's IP configuration tables (package
// ipconfig) as the producer returned it, or why it did not.
type NetTable struct {
	Kind ipconfig.Kind
	Data []byte // the table: NumEntries, padding and the rows; empty when Err is set
	Err  string // why the producer returned no table, such as an unsupported function; "" when Data holds it
}

// check reports a NetTable that is neither a table of its kind that
// passes Kind.Check nor an error with no data.
func (t *NetTable) check() (rows int, err error) {
	switch {
	case !validKind(t.Kind):
		return 0, fmt.Errorf("%v is not an IP Helper table", t.Kind)
	case t.Err != "" && len(t.Data) != 0:
		return 0, fmt.Errorf("a table that failed (%s) holds data", t.Err)
	case t.Err != "":
		return 0, nil
	}
	if err := t.Kind.Check(t.Data); err != nil {
		return 0, err
	}
	return t.rows(), nil
}

// rows returns the NumEntries of a table that check has passed: 0 for one
// that failed.
func (t *NetTable) rows() int {
	if len(t.Data) < 4 {
		return 0
	}
	return int(binary.LittleEndian.Uint32(t.Data))
}

func validKind(k ipconfig.Kind) bool { return k.Function() != "" }

// NetTable returns the snapshot's table of kind k, and whether it has
// one: a snapshot of version 1 of the file, or one taken with
// Options.SkipNetwork, has none. A table the producer did not return has
// Err set.
func (s *Snapshot) NetTable(k ipconfig.Kind) (NetTable, bool) {
	for _, t := range s.Network {
		if t.Kind == k {
			return t, true
		}
	}
	return NetTable{}, false
}

// data returns the bytes of the table of kind k, or nil when the snapshot
// has none.
func (s *Snapshot) data(k ipconfig.Kind) []byte {
	t, _ := s.NetTable(k)
	return t.Data
}

// Interfaces returns the host's interfaces, from its MIB_IF_TABLE2, in
// the table's order; nil when the snapshot holds no such table.
func (s *Snapshot) Interfaces() []ipconfig.Interface {
	t, _ := ipconfig.ParseInterfaces(s.data(ipconfig.Interfaces)) // checked when the snapshot was made
	return t.AppendInterfaces(nil)
}

// Addresses returns the host's unicast addresses, from its
// MIB_UNICASTIPADDRESS_TABLE; nil when the snapshot holds none.
func (s *Snapshot) Addresses() []ipconfig.Address {
	t, _ := ipconfig.ParseAddresses(s.data(ipconfig.Addresses))
	return t.AppendAddresses(nil)
}

// Routes returns the host's routes, from its MIB_IPFORWARD_TABLE2; nil
// when the snapshot holds none.
func (s *Snapshot) Routes() []ipconfig.Route {
	t, _ := ipconfig.ParseRoutes(s.data(ipconfig.Routes))
	return t.AppendRoutes(nil)
}

// Neighbors returns the host's neighbor cache, from its MIB_IPNET_TABLE2;
// nil when the snapshot holds none.
func (s *Snapshot) Neighbors() []ipconfig.Neighbor {
	t, _ := ipconfig.ParseNeighbors(s.data(ipconfig.Neighbors))
	return t.AppendNeighbors(nil)
}

// Interface returns the interface whose InterfaceIndex is index: the
// interface a socket's scope ID, an address's or a route's
// InterfaceIndex names. It reports false when the snapshot holds no such
// interface.
func (s *Snapshot) Interface(index uint32) (ipconfig.Interface, bool) {
	t, _ := ipconfig.ParseInterfaces(s.data(ipconfig.Interfaces))
	for _, r := range t.All() {
		if r.Index() == index {
			return r.Interface(), true
		}
	}
	return ipconfig.Interface{}, false
}

// A NetInterface is an interface with the unicast addresses the host had
// on it.
type NetInterface struct {
	ipconfig.Interface
	Addresses []ipconfig.Address `json:"addresses"`
}

// NetInterfaces returns every interface of the snapshot with its
// addresses, in the order of the interface table; nil when the snapshot
// holds no interface table. An address whose interface is not in the
// table is not listed.
func (s *Snapshot) NetInterfaces() []NetInterface {
	ifs := s.Interfaces()
	if ifs == nil {
		return nil
	}
	out := make([]NetInterface, len(ifs))
	at := make(map[uint32]int, len(ifs))
	for i, v := range ifs {
		out[i].Interface = v
		if _, dup := at[v.Index]; !dup {
			at[v.Index] = i
		}
	}
	for _, a := range s.Addresses() {
		if i, ok := at[a.InterfaceIndex]; ok {
			out[i].Addresses = append(out[i].Addresses, a)
		}
	}
	return out
}
