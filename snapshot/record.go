package snapshot

import (
	"encoding/json"
	"iter"
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/ipconfig"
)

// A Record is one socket of a snapshot with what the snapshot knows of its
// owner. The socket's methods are the Record's.
type Record struct {
	netmib.Socket
	Owner Owner

	// LocalInterface and RemoteInterface are the interfaces the socket's
	// non-zero scope IDs name, when the snapshot holds an interface of
	// that index; nil otherwise.
	LocalInterface, RemoteInterface *ipconfig.Interface
}

// Records returns an iterator over the sockets of the snapshot that f
// matches, in the order of Sockets, each with its owner (see OwnerOf). The
// zero Filter matches every socket.
func (s *Snapshot) Records(f netmib.Filter) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		// Once for all the sockets, each of which may name an interface: a
		// map, since a hostile file may hold many interfaces and many
		// sockets. The first interface of an index wins, as in Interface.
		ifs := s.Interfaces()
		index := make(map[uint32]*ipconfig.Interface, len(ifs))
		for j := range ifs {
			if _, ok := index[ifs[j].Index]; !ok && ifs[j].Index != 0 {
				index[ifs[j].Index] = &ifs[j]
			}
		}
		byIndex := func(i uint32) *ipconfig.Interface { return index[i] }
		for _, sock := range s.socketsAt() {
			if !f.Match(&sock) {
				continue
			}
			r := Record{Socket: sock, Owner: s.OwnerOf(&sock), LocalInterface: byIndex(sock.LocalScopeID)}
			if sock.Has(netmib.FieldRemote) {
				r.RemoteInterface = byIndex(sock.RemoteScopeID)
			}
			if !yield(r) {
				return
			}
		}
	}
}

// MarshalJSON encodes r as the socket's JSON object (see
// netmib.Socket.MarshalJSON) with these keys added, each null when the
// snapshot does not know it:
//
//	process  string: the process's name (Process.Name)
//	image    string: the full path of the process's image
//	service  string: the service the socket's service tag names
//	module   string: the owning module's name
//	owner    string: what netstat -b shows, Owner.Name
//	owner_doubtful    bool: Owner.Doubtful; false when the owner is not known
//	local_interface   string: the alias of the interface LocalScopeID names
//	remote_interface  string: the alias of the interface RemoteScopeID names
//
// The names are as Windows returned them; JSON escapes what needs it.
func (r Record) MarshalJSON() ([]byte, error) {
	b, err := r.Socket.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b = b[:len(b)-1] // the closing brace
	var process, image, service, module string
	if p := r.Owner.Process; p != nil {
		process, image = p.Name(), p.Image
	}
	if v := r.Owner.Service; v != nil {
		service = v.Name
	}
	if m := r.Owner.Module; m != nil {
		module = m.Name
	}
	var local, remote string
	if r.LocalInterface != nil {
		local = r.LocalInterface.Alias
	}
	if r.RemoteInterface != nil {
		remote = r.RemoteInterface.Alias
	}
	b = appendName(b, "process", process)
	b = appendName(b, "image", image)
	b = appendName(b, "service", service)
	b = appendName(b, "module", module)
	b = appendName(b, "owner", r.Owner.Name())
	b = strconv.AppendBool(append(b, `,"owner_doubtful":`...), r.Owner.Doubtful)
	b = appendName(b, "local_interface", local)
	b = appendName(b, "remote_interface", remote)
	return append(b, '}'), nil
}

// appendName appends ,"key": and v as a JSON string, or null for "".
func appendName(b []byte, key, v string) []byte {
	b = append(append(append(b, `,"`...), key...), `":`...)
	if v == "" {
		return append(b, "null"...)
	}
	q, _ := json.Marshal(v) // a string always marshals
	return append(b, q...)
}
