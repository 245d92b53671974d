package udpmib

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/netmib/netmib/internal/mib"
)

// MarshalJSON encodes e as an object with these keys, in this order:
//
//	local_addr          string, netip text without zone ("" for the zero Addr)
//	local_port          number
//	local_scope_id      number
//	pid                 number
//	create_timestamp    number, the raw FILETIME
//	created             string, Created() as time.RFC3339Nano writes it, or null when the FILETIME is 0
//	flags               number, dwFlags raw
//	specific_port_bind  bool, bit 0 of flags
//	service_tag         number
//	module_info         string, the 128 bytes of OwningModuleInfo in buffer order as 256 lowercase hex digits
//
// The keys mean what they mean in tcpmib.Entry's form.
func (e Entry) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 512)
	b = append(b, `{"local_addr":"`...)
	b = e.Local.Addr().WithZone("").AppendTo(b)
	b = append(b, `","local_port":`...)
	b = strconv.AppendUint(b, uint64(e.Local.Port()), 10)
	b = append(b, `,"local_scope_id":`...)
	b = strconv.AppendUint(b, uint64(e.LocalScopeID), 10)
	b = append(b, `,"pid":`...)
	b = strconv.AppendUint(b, uint64(e.PID), 10)
	b = append(b, `,"create_timestamp":`...)
	b = strconv.AppendInt(b, e.CreateTimestamp, 10)
	b = append(b, `,"created":`...)
	b = mib.AppendCreatedJSON(b, e.CreateTimestamp)
	b = append(b, `,"flags":`...)
	b = strconv.AppendUint(b, uint64(e.Flags), 10)
	b = append(b, `,"specific_port_bind":`...)
	b = strconv.AppendBool(b, e.SpecificPortBind())
	b = append(b, `,"service_tag":`...)
	b = strconv.AppendUint(b, uint64(e.ServiceTag()), 10)
	b = append(b, `,"module_info":"`...)
	b = mib.AppendModuleInfoHex(b, &e.ModuleInfo)
	return append(b, `"}`...), nil
}

// entryJSON is the JSON form with every key optional, for UnmarshalJSON.
type entryJSON struct {
	mib.CommonJSON           // local_addr, local_port, local_scope_id, pid, created..., module_info
	Flags            *uint32 `json:"flags"`
	SpecificPortBind *bool   `json:"specific_port_bind"`
}

// UnmarshalJSON reads the form [Entry.MarshalJSON] writes, with the rules of
// tcpmib.Entry.UnmarshalJSON: missing keys leave zero values, unknown keys
// are ignored, the raw key wins where two carry the same data and the other
// must agree (specific_port_bind with bit 0 of flags, created with
// create_timestamp, service_tag with module_info), and JSON null leaves e
// unchanged. Errors wrap [ErrInvalidEntry].
func (e *Entry) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	out, err := unmarshalEntry(b)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEntry, err)
	}
	*e = out
	return nil
}

func unmarshalEntry(b []byte) (out Entry, err error) {
	var j entryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return out, err
	}
	c, err := j.Decode()
	if err != nil {
		return out, err
	}
	out.Local, out.LocalScopeID, out.PID, out.CreateTimestamp, out.ModuleInfo = c.Local, c.LocalScopeID, c.PID, c.CreateTimestamp, c.ModuleInfo
	switch {
	case j.Flags != nil:
		out.Flags = *j.Flags
		if j.SpecificPortBind != nil && *j.SpecificPortBind != out.SpecificPortBind() {
			return out, fmt.Errorf("specific_port_bind %v does not match flags %d", *j.SpecificPortBind, *j.Flags)
		}
	case j.SpecificPortBind != nil && *j.SpecificPortBind:
		out.Flags = 1
	}
	return out, nil
}
