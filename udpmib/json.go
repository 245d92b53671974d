package udpmib

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
)

// MarshalJSON encodes e as an object with these keys, in this order:
//
//	local_addr          string, netip text without zone ("" for the zero Addr)
//	local_port          number
//	local_scope_id      number
//	pid                 number
//	create_timestamp    number, the raw FILETIME
//	created             string, Created() as time.RFC3339Nano writes it; null when the
//	                    FILETIME is 0 (unknown) or outside the years 0000-9999 (corrupt)
//	flags               number, dwFlags raw
//	specific_port_bind  bool, bit 0 of flags
//	service_tag         number
//	module_info         string, the 128 bytes of OwningModuleInfo in buffer order as 256 lowercase hex digits
func (e Entry) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 512)
	b = append(b, `{"local_addr":"`...)
	b = e.Local.Addr().WithZone("").AppendTo(b) // zones are not part of the form; scope IDs are
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
	b, _ = e.ModuleInfo.AppendText(b)
	return append(b, `"}`...), nil
}

// entryJSON is the JSON form with every key optional, for UnmarshalJSON.
type entryJSON struct {
	LocalAddr        *netip.Addr     `json:"local_addr"`
	LocalPort        *uint16         `json:"local_port"`
	LocalScopeID     *uint32         `json:"local_scope_id"`
	PID              *uint32         `json:"pid"`
	CreateTimestamp  *int64          `json:"create_timestamp"`
	Created          json.RawMessage `json:"created"`
	Flags            *uint32         `json:"flags"`
	SpecificPortBind *bool           `json:"specific_port_bind"`
	ServiceTag       *uint32         `json:"service_tag"`
	ModuleInfo       *string         `json:"module_info"`
}

// UnmarshalJSON reads the form [Entry.MarshalJSON] writes. Missing keys leave
// zero values and unknown keys are ignored. Where two keys carry the same
// data, the raw one wins and the other must agree with it:
// specific_port_bind with bit 0 of flags, created with create_timestamp
// (created is null when the timestamp has no time text), service_tag with
// module_info. Either may be given alone. Addresses must not have a zone.
//
// Errors wrap [netmib.ErrInvalidEntry], and the error of encoding/json that
// caused them. JSON null leaves e unchanged.
func (e *Entry) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // by convention, a no-op
		return nil
	}
	out, err := unmarshalEntry(b)
	if err != nil {
		return fmt.Errorf("%w: %w", netmib.ErrInvalidEntry, err)
	}
	*e = out
	return nil
}

func unmarshalEntry(b []byte) (out Entry, err error) {
	var j entryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return out, err
	}
	if out.Local, err = mib.JSONAddrPort("local", j.LocalAddr, j.LocalPort); err != nil {
		return out, err
	}
	out.LocalScopeID = deref(j.LocalScopeID)
	out.PID = deref(j.PID)
	if out.CreateTimestamp, err = mib.JSONTimestamp(j.CreateTimestamp, j.Created); err != nil {
		return out, err
	}
	switch {
	case j.Flags != nil:
		out.Flags = *j.Flags
		if j.SpecificPortBind != nil && *j.SpecificPortBind != out.SpecificPortBind() {
			return out, fmt.Errorf("specific_port_bind %v does not match flags %d", *j.SpecificPortBind, *j.Flags)
		}
	case j.SpecificPortBind != nil && *j.SpecificPortBind:
		out.Flags = 1
	}
	if out.ModuleInfo, err = mib.JSONModuleInfo(j.ModuleInfo, j.ServiceTag); err != nil {
		return out, err
	}
	return out, nil
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
