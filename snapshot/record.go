package snapshot

import (
	"encoding/json"
	"iter"

	"github.com/netmib/netmib"
)

// A Record is one socket of a snapshot with what the snapshot knows of its
// owner. The socket's methods are the Record's.
type Record struct {
	netmib.Socket
	Owner Owner
}

// Records returns an iterator over the sockets of the snapshot that f
// matches, in the order of Sockets, each with its owner (see OwnerOf). The
// zero Filter matches every socket.
func (s *Snapshot) Records(f netmib.Filter) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		for _, sock := range s.socketsAt() {
			if f.Match(&sock) && !yield(Record{Socket: sock, Owner: s.OwnerOf(&sock)}) {
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
	for _, kv := range []struct{ key, value string }{
		{"process", process}, {"image", image}, {"service", service}, {"module", module}, {"owner", r.Owner.Name()},
	} {
		b = append(b, `,"`+kv.key+`":`...)
		if kv.value == "" {
			b = append(b, "null"...)
			continue
		}
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, '}'), nil
}
