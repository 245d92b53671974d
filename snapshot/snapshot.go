package snapshot

import (
	"bytes"
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/internal/text"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

// A Snapshot is every socket of a Windows host at one moment: the raw
// tables exactly as Windows returned them, facts about the host, and what
// was found out about each socket's owner when it was taken.
//
// The slices of processes, services and modules are sorted by their keys,
// without duplicates; Take and Read return snapshots that hold to this, and
// Write refuses one that does not.
type Snapshot struct {
	Taken time.Time // when the tables were fetched, UTC
	Host  Host

	Tables []Table

	// Network holds the host's IP configuration tables (interfaces,
	// addresses, routes, neighbors; package ipconfig), each at most once,
	// in the order fetched. It is nil in a snapshot read from a version 1
	// file or taken with Options.SkipNetwork.
	Network []NetTable

	Processes []Process // by PID
	Services  []Service // by PID, then service tag
	Modules   []Module  // by PID, then module info
}

// Host holds facts about the host a snapshot was taken on.
type Host struct {
	Name    string  // the computer's host name
	Windows Version // as RtlGetVersion reports it; Wine reports the Windows it imitates
	Wine    string  // the Wine version, when the snapshot was taken under Wine
}

// A Version is a Windows version and build, such as 10.0.22631.
type Version struct{ Major, Minor, Build uint32 }

// String returns "major.minor.build", or "" for the zero Version.
func (v Version) String() string {
	if v == (Version{}) {
		return ""
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Build)
}

// A Table is one table as Windows returned it, with the function and the
// arguments it was fetched with.
type Table struct {
	Proto  netmib.Proto
	Family netmib.Family // ulAf, or the IPv4 or IPv6 of GetTcpTable2 and GetTcp6Table2
	Func   Func          // the function: GetExtendedTcpTable or GetExtendedUdpTable, or a TABLE2 one
	Class  uint32        // TableClass: a tcpmib.Class for TCP, a udpmib.Class for UDP; 0 for Table2
	Sorted bool          // bOrder
	Data   []byte        // the buffer, byte for byte
}

// A Func is the kind of IP Helper function that returned a table.
type Func uint8

// The functions.
const (
	// Extended is GetExtendedTcpTable or GetExtendedUdpTable, called with
	// the table's Family, Class and Sorted.
	Extended Func = iota
	// Table2 is GetTcpTable2 (IPv4) or GetTcp6Table2 (IPv6), called with
	// Sorted: TCP only, with Class 0. Their rows carry the offload state.
	Table2
)

// FuncName returns the name of the function that returned t, such as
// "GetExtendedTcpTable" or "GetTcp6Table2", or "" when its protocol,
// family and function name none.
func (t *Table) FuncName() string {
	switch {
	case t.Func == Extended && t.Proto == netmib.TCP:
		return "GetExtendedTcpTable"
	case t.Func == Extended && t.Proto == netmib.UDP:
		return "GetExtendedUdpTable"
	case t.Func == Table2 && t.Proto == netmib.TCP && t.Family == netmib.IPv4:
		return "GetTcpTable2"
	case t.Func == Table2 && t.Proto == netmib.TCP && t.Family == netmib.IPv6:
		return "GetTcp6Table2"
	}
	return ""
}

// TCP parses a TCP table: tcpmib.ParseTable(t.Data, t.Family, t.Class),
// or for Table2 the layout tcpmib.Table2LayoutOf(t.Family) gives.
func (t *Table) TCP() (tcpmib.Table, error) {
	l, err := t.spec().tcpLayout()
	if err != nil {
		return tcpmib.Table{}, err
	}
	return l.Parse(t.Data)
}

// UDP parses a UDP table: udpmib.ParseTable(t.Data, t.Family, t.Class).
func (t *Table) UDP() (udpmib.Table, error) {
	l, err := t.spec().udpLayout()
	if err != nil {
		return udpmib.Table{}, err
	}
	return l.Parse(t.Data)
}

// spec returns the arguments the table was fetched with.
func (t *Table) spec() TableSpec {
	return TableSpec{Proto: t.Proto, Family: t.Family, Func: t.Func, Class: t.Class, Sorted: t.Sorted}
}

// tcpLayout returns the layout of the TCP table that s names.
func (s TableSpec) tcpLayout() (tcpmib.Layout, error) {
	if s.Proto != netmib.TCP {
		return 0, fmt.Errorf("snapshot: a %v table is not TCP", s.Proto)
	}
	switch s.Func {
	case Extended:
		return tcpmib.LayoutOf(s.Family, tcpmib.Class(s.Class))
	case Table2:
		if s.Class != 0 {
			return 0, fmt.Errorf("%w: GetTcpTable2 and GetTcp6Table2 take no class, but the table has class %d", netmib.ErrUnknownLayout, s.Class)
		}
		return tcpmib.Table2LayoutOf(s.Family)
	}
	return 0, fmt.Errorf("%w: function %d", netmib.ErrUnknownLayout, s.Func)
}

// udpLayout returns the layout of the UDP table that s names.
func (s TableSpec) udpLayout() (udpmib.Layout, error) {
	if s.Proto != netmib.UDP {
		return 0, fmt.Errorf("snapshot: a %v table is not UDP", s.Proto)
	}
	if s.Func != Extended {
		return 0, fmt.Errorf("%w: UDP tables come from GetExtendedUdpTable alone", netmib.ErrUnknownLayout)
	}
	return udpmib.LayoutOf(s.Family, udpmib.Class(s.Class))
}

// layout returns the SDK name of the table's layout and its row count, or
// the error that it does not parse as the table its arguments name.
func (t *Table) layout() (name string, rows int, err error) {
	switch t.Proto {
	case netmib.TCP:
		tab, err := t.TCP()
		return tab.Layout().String(), tab.Len(), err
	case netmib.UDP:
		tab, err := t.UDP()
		return tab.Layout().String(), tab.Len(), err
	}
	return "", 0, fmt.Errorf("snapshot: unknown protocol %v", t.Proto)
}

// A Process is what was found out about a process that owns sockets.
type Process struct {
	PID uint32
	// Image is the full path of the process's executable, as
	// QueryFullProcessImageNameW reports it.
	Image string
	// CreateTimestamp is the FILETIME the process was created at, as
	// GetProcessTimes reports it: with the PID it identifies the process,
	// since Windows reuses PIDs.
	CreateTimestamp int64
	// Error is why the lookup failed, or "".
	Error string
}

// Name returns the file name of the image, such as "svchost.exe"; for PIDs
// 0 and 4, which cannot be opened, the names Windows' own tools give them,
// "System Idle Process" and "System".
func (p *Process) Name() string {
	switch {
	case p.Image != "":
		return p.Image[strings.LastIndexAny(p.Image, `\/`)+1:]
	case p.PID == 0:
		return "System Idle Process"
	case p.PID == 4:
		return "System"
	}
	return ""
}

// Created returns CreateTimestamp as a UTC time, or the zero time.Time.
func (p *Process) Created() time.Time { return filetime.Time(p.CreateTimestamp) }

// A Service is the service a service tag of a process stands for.
type Service struct {
	PID   uint32
	Tag   uint32 // the service tag, from OwningModuleInfo
	Name  string // the service's name, such as "RpcSs"
	Error string // why the lookup failed, or ""
}

// A Module is the module that owns sockets of one process with one
// OwningModuleInfo, as GetOwnerModuleFromPidAndInfo reports it.
type Module struct {
	PID        uint32
	ModuleInfo netmib.ModuleInfo
	netmib.Module
	Error string // why the lookup failed, or ""
}

// An Owner is what a snapshot knows of the owner of a socket: the records
// of its process, of the service its service tag names, and of its owning
// module, each nil when the snapshot holds none. The records are the
// snapshot's own: they stay valid while it is not changed.
type Owner struct {
	Process *Process
	Service *Service
	Module  *Module

	// Doubtful reports a socket created before its process: both
	// creation times are known (the socket's liCreateTimestamp and the
	// process's GetProcessTimes), and the socket's is earlier. A socket
	// cannot outlive the process that created it unless its handle was
	// passed on, so this means that the PID was reused between the socket
	// table and the process lookup, or that the socket was inherited or
	// duplicated into another process: the process named may not be the
	// one that created the socket.
	Doubtful bool
}

// Name returns the owner as netstat -b names it: the process's name, with
// the service in parentheses when the socket's service tag names one
// ("svchost.exe (RpcSs)"); the owning module's name when the snapshot
// holds no name for the process; the service alone when it holds neither;
// and "" when it knows nothing. A process without a record in the
// snapshot is never named, whatever its PID: PIDs 0 and 4 are "System
// Idle Process" and "System" only when the snapshot holds their records.
//
// The names are as Windows returned them, which on a hostile host may be
// anything; print them with [Owner.String].
func (o Owner) Name() string {
	name := ""
	if o.Process != nil {
		name = o.Process.Name()
	}
	if name == "" && o.Module != nil {
		name = o.Module.Name
	}
	if o.Service == nil || o.Service.Name == "" {
		return name
	}
	if name == "" {
		return o.Service.Name
	}
	return name + " (" + o.Service.Name + ")"
}

// String returns Name with every character that is not printable written
// as an escape (\n, \x1b, \u202e), so that a name from a hostile host
// can neither forge a line of output nor send a terminal escape sequences;
// printable characters, non-ASCII letters among them, are kept.
func (o Owner) String() string { return text.Escape(o.Name()) }

// OwnerOf returns what the snapshot knows of the owner of sock: the records
// of its process, if its table carries PIDs; of the service its service
// tag names, if its table carries module info and the tag is not 0; and of
// its owning module, if its table carries module info.
func (s *Snapshot) OwnerOf(sock *netmib.Socket) Owner {
	var o Owner
	if !sock.Has(netmib.FieldPID) {
		return o
	}
	if i, ok := slices.BinarySearchFunc(s.Processes, sock.PID, func(p Process, pid uint32) int { return cmp.Compare(p.PID, pid) }); ok {
		o.Process = &s.Processes[i]
		o.Doubtful = sock.Has(netmib.FieldCreateTimestamp) && sock.CreateTimestamp != 0 &&
			o.Process.CreateTimestamp != 0 && sock.CreateTimestamp < o.Process.CreateTimestamp
	}
	if !sock.Has(netmib.FieldModuleInfo) {
		return o
	}
	if tag := sock.ServiceTag(); tag != 0 {
		if i, ok := slices.BinarySearchFunc(s.Services, Service{PID: sock.PID, Tag: tag}, compareServices); ok {
			o.Service = &s.Services[i]
		}
	}
	if i, ok := slices.BinarySearchFunc(s.Modules, Module{PID: sock.PID, ModuleInfo: sock.ModuleInfo}, compareModules); ok {
		o.Module = &s.Modules[i]
	}
	return o
}

// Process returns the record of process pid, or nil when the snapshot
// holds none.
func (s *Snapshot) Process(pid uint32) *Process {
	i, ok := slices.BinarySearchFunc(s.Processes, pid, func(p Process, pid uint32) int { return cmp.Compare(p.PID, pid) })
	if !ok {
		return nil
	}
	return &s.Processes[i]
}

// Sockets returns an iterator over every socket of every table: the tables
// in the order of s.Tables, and each table's rows in buffer order. It
// allocates nothing per socket. A table whose data does not parse as the
// table its arguments name, which Take and Read never return, yields
// nothing.
func (s *Snapshot) Sockets() iter.Seq[netmib.Socket] {
	return func(yield func(netmib.Socket) bool) {
		for _, sock := range s.socketsAt() {
			if !yield(sock) {
				return
			}
		}
	}
}

// Select returns an iterator over the sockets that f matches, in the order
// of Sockets.
func (s *Snapshot) Select(f netmib.Filter) iter.Seq[netmib.Socket] {
	return func(yield func(netmib.Socket) bool) {
		for _, sock := range s.socketsAt() {
			if f.Match(&sock) && !yield(sock) {
				return
			}
		}
	}
}

// socketsAt is Sockets with the location of each socket.
func (s *Snapshot) socketsAt() iter.Seq2[location, netmib.Socket] {
	return func(yield func(location, netmib.Socket) bool) {
		for i := range s.Tables {
			t := &s.Tables[i]
			switch t.Proto {
			case netmib.TCP:
				tab, err := t.TCP()
				if err != nil {
					continue
				}
				for j, sock := range tab.Sockets() {
					if !yield(location{int32(i), int32(j)}, sock) {
						return
					}
				}
			case netmib.UDP:
				tab, err := t.UDP()
				if err != nil {
					continue
				}
				for j, sock := range tab.Sockets() {
					if !yield(location{int32(i), int32(j)}, sock) {
						return
					}
				}
			}
		}
	}
}

// socketAt returns the socket at at, which socketsAt gave.
func (s *Snapshot) socketAt(at location) netmib.Socket {
	t := &s.Tables[at.table]
	if t.Proto == netmib.TCP {
		tab, _ := t.TCP()
		return tab.Row(int(at.row)).Socket()
	}
	tab, _ := t.UDP()
	return tab.Row(int(at.row)).Socket()
}

// count returns the number of sockets Sockets yields.
func (s *Snapshot) count() int {
	n := 0
	for i := range s.Tables {
		if _, rows, err := s.Tables[i].layout(); err == nil {
			n += rows
		}
	}
	return n
}

func compareServices(a, b Service) int {
	return cmp.Or(cmp.Compare(a.PID, b.PID), cmp.Compare(a.Tag, b.Tag))
}

func compareModules(a, b Module) int {
	return cmp.Or(cmp.Compare(a.PID, b.PID), bytes.Compare(a.ModuleInfo[:], b.ModuleInfo[:]))
}
