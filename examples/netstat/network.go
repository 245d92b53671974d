package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/netmib/netmib/internal/text"
	"github.com/netmib/netmib/ipconfig"
	"github.com/netmib/netmib/snapshot"
)

// showNetwork writes the IP configuration table o.view names, from s, as
// a table or as JSON. A snapshot without the table, or whose producer did
// not return it, is an error that says so.
func showNetwork(w *bufio.Writer, s *snapshot.Snapshot, o options) error {
	kind := map[string]ipconfig.Kind{"interfaces": ipconfig.Interfaces, "routes": ipconfig.Routes, "neighbors": ipconfig.Neighbors}[o.view]
	t, ok := s.NetTable(kind)
	switch {
	case !ok:
		return fmt.Errorf("the snapshot holds no %s table (%s): it was taken without it, or read from a file of version 1", kind, kind.Function())
	case t.Err != "":
		return fmt.Errorf("the host did not return its %s table: %s", kind, text.Escape(t.Err))
	}
	switch {
	case o.view == "interfaces" && o.json:
		return writeJSONArray(w, s.NetInterfaces())
	case o.view == "routes" && o.json:
		return writeJSONArray(w, s.Routes())
	case o.view == "neighbors" && o.json:
		return writeJSONArray(w, s.Neighbors())
	case o.view == "interfaces":
		return writeRows(w, []string{"Idx", "Alias", "Description", "Type", "Status", "MAC", "Addresses"}, interfaceRows(s))
	case o.view == "routes":
		return writeRows(w, []string{"Destination", "Next Hop", "Idx", "Interface", "Metric", "Protocol", "Origin"}, routeRows(s))
	}
	return writeRows(w, []string{"Address", "MAC", "Idx", "Interface", "State", "Router"}, neighborRows(s))
}

func writeJSONArray[T any](w *bufio.Writer, vs []T) error {
	for i, v := range vs {
		if err := writeElement(w, i, v); err != nil {
			return err
		}
	}
	return endArray(w, len(vs))
}

// writeRows writes rows under header, each column as wide as its widest
// cell and two spaces apart. Every cell is escaped text.
func writeRows(w *bufio.Writer, header []string, rows [][]string) error {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		for i, c := range r {
			if i == len(r)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(c + strings.Repeat(" ", widths[i]-len([]rune(c))+2))
		}
		if _, err := w.WriteString(strings.TrimRight(b.String(), " ") + "\n"); err != nil {
			return err
		}
	}
	return nil
}

// aliases returns the escaped alias of each interface, by index.
func aliases(s *snapshot.Snapshot) map[uint32]string {
	m := map[uint32]string{}
	for _, v := range s.Interfaces() {
		m[v.Index] = text.Escape(v.Alias)
	}
	return m
}

func interfaceRows(s *snapshot.Snapshot) [][]string {
	var rows [][]string
	for _, v := range s.NetInterfaces() {
		var addrs []string
		for _, a := range v.Addresses {
			addrs = append(addrs, a.Address.String()+"/"+strconv.Itoa(int(a.PrefixLength)))
		}
		rows = append(rows, []string{strconv.FormatUint(uint64(v.Index), 10), text.Escape(v.Alias), text.Escape(v.Description),
			v.Type.String(), v.OperStatus.String(), orDash(v.PhysicalAddress.String()), orDash(strings.Join(addrs, ", "))})
	}
	return rows
}

func routeRows(s *snapshot.Snapshot) [][]string {
	names := aliases(s)
	var rows [][]string
	for _, r := range s.Routes() {
		rows = append(rows, []string{r.Destination.String() + "/" + strconv.Itoa(int(r.PrefixLength)), r.NextHop.String(),
			strconv.FormatUint(uint64(r.InterfaceIndex), 10), orDash(names[r.InterfaceIndex]),
			strconv.FormatUint(uint64(r.Metric), 10), r.Protocol.String(), r.Origin.String()})
	}
	return rows
}

func neighborRows(s *snapshot.Snapshot) [][]string {
	names := aliases(s)
	var rows [][]string
	for _, n := range s.Neighbors() {
		router := ""
		if n.Flags&ipconfig.NeighborIsRouter != 0 {
			router = "yes"
		}
		rows = append(rows, []string{n.Address.String(), orDash(n.PhysicalAddress.String()),
			strconv.FormatUint(uint64(n.InterfaceIndex), 10), orDash(names[n.InterfaceIndex]), n.State.String(), router})
	}
	return rows
}
