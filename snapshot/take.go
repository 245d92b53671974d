package snapshot

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/winapi"
	"github.com/netmib/netmib/ipconfig"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

// A TableSpec names a table to fetch: the protocol, the function, and its
// arguments.
type TableSpec struct {
	Proto  netmib.Proto
	Family netmib.Family
	Func   Func   // Extended: GetExtendedTcpTable or GetExtendedUdpTable; Table2: GetTcpTable2 or GetTcp6Table2
	Class  uint32 // a tcpmib.Class for TCP, a udpmib.Class for UDP; 0 for Table2
	Sorted bool   // bOrder: ask Windows to sort the rows
}

// DefaultTables returns the tables Take fetches by default, in the order
// netstat -ano lists sockets: TCP over IPv4 and IPv6 with
// TCP_TABLE_OWNER_MODULE_ALL, then UDP over IPv4 and IPv6 with
// UDP_TABLE_OWNER_MODULE.
func DefaultTables() []TableSpec {
	return []TableSpec{
		{Proto: netmib.TCP, Family: netmib.IPv4, Class: uint32(tcpmib.OwnerModuleAll)},
		{Proto: netmib.TCP, Family: netmib.IPv6, Class: uint32(tcpmib.OwnerModuleAll)},
		{Proto: netmib.UDP, Family: netmib.IPv4, Class: uint32(udpmib.OwnerModule)},
		{Proto: netmib.UDP, Family: netmib.IPv6, Class: uint32(udpmib.OwnerModule)},
	}
}

// Options change what Take does. The zero Options takes the default tables
// and resolves owners.
type Options struct {
	// Tables are the tables to fetch, in the order to keep them; nil means
	// DefaultTables().
	Tables []TableSpec
	// SkipOwners skips resolving processes, services and owners: the
	// snapshot holds the tables, the host and, unless SkipNetwork is set,
	// the IP configuration.
	SkipOwners bool
	// SkipNetwork skips the IP configuration tables (Snapshot.Network).
	SkipNetwork bool
}

// source is what Take asks the host. live asks Windows; tests use fakes.
type source interface {
	appendTable(dst []byte, t TableSpec) ([]byte, error)
	appendNetTable(dst []byte, k ipconfig.Kind) ([]byte, error)
	process(pid uint32) (image string, created int64, err error)
	service(pid, tag uint32) (string, error)
	module(pid uint32, m *netmib.ModuleInfo) (netmib.Module, error)
	host() Host
	now() time.Time
}

// Take takes a snapshot of this host: it fetches the socket tables and,
// unless o.SkipNetwork is set, the four IP configuration tables of
// package ipconfig; then, unless o.SkipOwners is set, it resolves the
// owner of every socket: each PID's process (image path and creation
// time), each service tag's service, and each OwningModuleInfo's owning
// module (see Snapshot.OwnerOf). A lookup that fails keeps its reason in
// the snapshot and does not fail Take, and neither does an IP
// configuration table that the producer does not return or whose bytes
// fail ipconfig's Kind.Check: the snapshot records why, as the table's
// Err. A socket table that cannot be fetched, or whose bytes are not the
// layout its arguments name (see Table.Check), fails Take: the sockets
// are what a snapshot is for.
//
// Take works on Windows; elsewhere it returns an error wrapping
// errors.ErrUnsupported.
func Take(o Options) (*Snapshot, error) {
	if !winapi.Supported {
		return nil, fmt.Errorf("snapshot: Take reads a Windows host's tables: %w", errors.ErrUnsupported)
	}
	return take(live{}, o)
}

func take(src source, o Options) (*Snapshot, error) {
	specs := o.Tables
	if specs == nil {
		specs = DefaultTables()
	}
	s := &Snapshot{Taken: src.now().UTC(), Host: src.host()}
	for _, spec := range specs {
		b, err := src.appendTable(nil, spec)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		t := Table{Proto: spec.Proto, Family: spec.Family, Func: spec.Func, Class: spec.Class, Sorted: spec.Sorted, Data: b}
		if err := t.Check(); err != nil {
			return nil, fmt.Errorf("snapshot: %v table, family %v, function %q, class %d: %w", spec.Proto, spec.Family, t.FuncName(), spec.Class, err)
		}
		s.Tables = append(s.Tables, t)
	}
	if !o.SkipNetwork {
		s.Network = []NetTable{}
		for _, k := range ipconfig.Kinds() {
			t := NetTable{Kind: k}
			b, err := src.appendNetTable(nil, k)
			if err == nil {
				err = k.Check(b)
			}
			if err != nil {
				t.Err = err.Error()
			} else {
				t.Data = b
			}
			s.Network = append(s.Network, t)
		}
	}
	if !o.SkipOwners {
		s.resolve(src)
	}
	return s, nil
}

// resolve looks up every process, service and module the sockets name.
func (s *Snapshot) resolve(src source) {
	pids := map[uint32]bool{}
	services := map[Service]bool{}
	modules := map[Module]bool{}
	for sock := range s.Sockets() {
		if !sock.Has(netmib.FieldPID) {
			continue
		}
		pids[sock.PID] = true
		if !sock.Has(netmib.FieldModuleInfo) || sock.PID == 0 {
			continue
		}
		if tag := sock.ServiceTag(); tag != 0 {
			services[Service{PID: sock.PID, Tag: tag}] = true
		}
		modules[Module{PID: sock.PID, ModuleInfo: sock.ModuleInfo}] = true
	}
	for pid := range pids {
		p := Process{PID: pid}
		if pid != 0 && pid != 4 { // the idle process and System cannot be opened
			var err error
			if p.Image, p.CreateTimestamp, err = src.process(pid); err != nil {
				p.Error = err.Error()
			}
		}
		s.Processes = append(s.Processes, p)
	}
	for v := range services {
		var err error
		if v.Name, err = src.service(v.PID, v.Tag); err != nil {
			v.Error = err.Error()
		}
		s.Services = append(s.Services, v)
	}
	for m := range modules {
		var err error
		if m.Module, err = src.module(m.PID, &m.ModuleInfo); err != nil {
			m.Error = err.Error()
		}
		s.Modules = append(s.Modules, m)
	}
	slices.SortFunc(s.Processes, func(a, b Process) int { return cmp.Compare(a.PID, b.PID) })
	slices.SortFunc(s.Services, compareServices)
	slices.SortFunc(s.Modules, compareModules)
}

// live is the source that asks Windows.
type live struct{}

func (live) appendTable(dst []byte, t TableSpec) ([]byte, error) {
	switch {
	case t.Func == Table2 && t.Proto == netmib.TCP && t.Class == 0:
		return tcpmib.AppendFetchTable2(dst, t.Family, t.Sorted)
	case t.Func != Extended:
		return dst, fmt.Errorf("no %v function of kind %d with class %d", t.Proto, t.Func, t.Class)
	}
	switch t.Proto {
	case netmib.TCP:
		return tcpmib.AppendFetch(dst, t.Family, tcpmib.Class(t.Class), t.Sorted)
	case netmib.UDP:
		return udpmib.AppendFetch(dst, t.Family, udpmib.Class(t.Class), t.Sorted)
	}
	return dst, fmt.Errorf("unknown protocol %v", t.Proto)
}

func (live) appendNetTable(dst []byte, k ipconfig.Kind) ([]byte, error) {
	return ipconfig.AppendFetch(dst, k)
}

func (live) process(pid uint32) (string, int64, error) { return winapi.ProcessImage(pid) }

func (live) service(pid, tag uint32) (string, error) { return winapi.ServiceName(pid, tag) }

func (live) module(pid uint32, m *netmib.ModuleInfo) (netmib.Module, error) {
	name, path, err := winapi.OwnerModule(pid, (*[128]byte)(m))
	return netmib.Module{Name: name, Path: path}, err
}

func (live) host() Host {
	var h Host
	h.Name, _ = os.Hostname()
	h.Windows.Major, h.Windows.Minor, h.Windows.Build, _ = winapi.Version()
	h.Wine, _ = winapi.WineVersion()
	return h
}

func (live) now() time.Time { return time.Now() }
