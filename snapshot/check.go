package snapshot

import (
	"github.com/netmib/netmib"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

// Check reports whether t.Data holds the table t's protocol, family,
// function and class name, as Windows writes one: it parses the data as
// t.TCP or t.UDP does, then checks it with tcpmib.Layout.Check or
// udpmib.Layout.Check, which refuse bytes that a producer of the layout
// never writes. Read refuses a file whose tables fail it, and Take a
// table that fails it.
func (t *Table) Check() error {
	switch t.Proto {
	case netmib.TCP:
		tab, err := t.TCP()
		if err != nil {
			return err
		}
		return tab.Layout().Check(t.Data)
	case netmib.UDP:
		tab, err := t.UDP()
		if err != nil {
			return err
		}
		return tab.Layout().Check(t.Data)
	}
	_, _, err := t.layout()
	return err
}

// FromTable returns a snapshot of the one table t: a raw table buffer and
// the arguments it was fetched with, as a program that has no snapshot
// file but a buffer holds them. It checks t first, with Table.Check: bytes
// that contradict the arguments are an error, as Read would make them.
// The snapshot has no time, host or owners; t.Data is not copied.
func FromTable(t Table) (*Snapshot, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	return &Snapshot{Tables: []Table{t}}, nil
}

// Identify returns a TableSpec for each table layout whose check the raw
// table buffer b passes (see Table.Check): the tables b may be. A buffer
// does not say which of the classes of a layout it was fetched with
// (listeners, connections or all), so each spec has the class that lists
// every socket of its layout: TCP_TABLE_BASIC_ALL, TCP_TABLE_OWNER_PID_ALL
// or TCP_TABLE_OWNER_MODULE_ALL for TCP, the one class of each UDP layout,
// and Func Table2 for MIB_TCPTABLE2 and MIB_TCP6TABLE2.
//
// Size and contents rule out most layouts, and on every capture of a real
// producer this project has (the wine-* and wine10-* fixtures) all but the
// right one, but for UDP OWNER_PID tables of one or two rows, which also
// fit MIB_UDPTABLE when their PIDs are 0. An empty table fits every layout
// with its header size.
func Identify(b []byte) []TableSpec {
	var out []TableSpec
	for _, l := range tcpmib.Identify(b) {
		out = append(out, tcpSpec(l))
	}
	for _, l := range udpmib.Identify(b) {
		out = append(out, TableSpec{Proto: netmib.UDP, Family: l.Family(), Class: uint32(udpClasses[l])})
	}
	return out
}

// tcpSpec returns the spec of the call that returns every socket in
// layout l.
func tcpSpec(l tcpmib.Layout) TableSpec {
	switch l {
	case tcpmib.IPv4Table2, tcpmib.IPv6Table2:
		return TableSpec{Proto: netmib.TCP, Family: l.Family(), Func: Table2}
	}
	return TableSpec{Proto: netmib.TCP, Family: l.Family(), Class: uint32(tcpAllClasses[l])}
}

var tcpAllClasses = map[tcpmib.Layout]tcpmib.Class{
	tcpmib.IPv4Basic: tcpmib.BasicAll, tcpmib.IPv6Basic: tcpmib.BasicAll,
	tcpmib.IPv4OwnerPID: tcpmib.OwnerPIDAll, tcpmib.IPv6OwnerPID: tcpmib.OwnerPIDAll,
	tcpmib.IPv4OwnerModule: tcpmib.OwnerModuleAll, tcpmib.IPv6OwnerModule: tcpmib.OwnerModuleAll,
}

var udpClasses = map[udpmib.Layout]udpmib.Class{
	udpmib.IPv4Basic: udpmib.Basic, udpmib.IPv6Basic: udpmib.Basic,
	udpmib.IPv4OwnerPID: udpmib.OwnerPID, udpmib.IPv6OwnerPID: udpmib.OwnerPID,
	udpmib.IPv4OwnerModule: udpmib.OwnerModule, udpmib.IPv6OwnerModule: udpmib.OwnerModule,
}

// Layout returns the SDK name of the table's layout, such as
// "MIB_TCP6TABLE_OWNER_MODULE", or "" when its protocol, family, function
// and class name none.
func (s TableSpec) Layout() string {
	switch s.Proto {
	case netmib.TCP:
		if l, err := s.tcpLayout(); err == nil {
			return l.String()
		}
	case netmib.UDP:
		if l, err := s.udpLayout(); err == nil {
			return l.String()
		}
	}
	return ""
}
