package tcpmib

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"

	"github.com/netmib/netmib/internal/text"
)

// MarshalJSON encodes e as an object with these keys, in this order:
//
//	local_addr        string, netip text without zone ("" for the zero Addr)
//	local_port        number
//	local_scope_id    number
//	remote_addr       string
//	remote_port       number
//	remote_scope_id   number
//	state             string, State.String()
//	state_code        number
//	offload_state     string, OffloadState.String(); null when the row has none (Offload.Known is false)
//	offload_state_code number, or null likewise
//	pid               number
//	create_timestamp  number, the raw FILETIME
//	created           string, Created() as time.RFC3339Nano writes it; null when the
//	                  FILETIME is 0 (unknown) or outside the years 0000-9999 (corrupt)
//	service_tag       number
//	module_info       string, the 128 bytes of OwningModuleInfo in buffer order as 256 lowercase hex digits
func (e Entry) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 640)
	b = append(b, `{"local_addr":"`...)
	b = e.Local.Addr().WithZone("").AppendTo(b) // zones are not part of the form; scope IDs are
	b = append(b, `","local_port":`...)
	b = strconv.AppendUint(b, uint64(e.Local.Port()), 10)
	b = append(b, `,"local_scope_id":`...)
	b = strconv.AppendUint(b, uint64(e.LocalScopeID), 10)
	b = append(b, `,"remote_addr":"`...)
	b = e.Remote.Addr().WithZone("").AppendTo(b)
	b = append(b, `","remote_port":`...)
	b = strconv.AppendUint(b, uint64(e.Remote.Port()), 10)
	b = append(b, `,"remote_scope_id":`...)
	b = strconv.AppendUint(b, uint64(e.RemoteScopeID), 10)
	b = append(b, `,"state":"`...)
	b, _ = e.State.AppendText(b)
	b = append(b, `","state_code":`...)
	b = strconv.AppendUint(b, uint64(e.State), 10)
	if e.Offload.Known {
		b = append(b, `,"offload_state":"`...)
		b, _ = e.Offload.State.AppendText(b)
		b = append(b, `","offload_state_code":`...)
		b = strconv.AppendUint(b, uint64(e.Offload.State), 10)
	} else {
		b = append(b, `,"offload_state":null,"offload_state_code":null`...)
	}
	b = append(b, `,"pid":`...)
	b = strconv.AppendUint(b, uint64(e.PID), 10)
	b = append(b, `,"create_timestamp":`...)
	b = strconv.AppendInt(b, e.CreateTimestamp, 10)
	b = append(b, `,"created":`...)
	b = mib.AppendCreatedJSON(b, e.CreateTimestamp)
	b = append(b, `,"service_tag":`...)
	b = strconv.AppendUint(b, uint64(e.ServiceTag()), 10)
	b = append(b, `,"module_info":"`...)
	b, _ = e.ModuleInfo.AppendText(b)
	return append(b, `"}`...), nil
}

// entryJSON is the JSON form with every key optional, for UnmarshalJSON.
type entryJSON struct {
	LocalAddr       *netip.Addr     `json:"local_addr"`
	LocalPort       *uint16         `json:"local_port"`
	LocalScopeID    *uint32         `json:"local_scope_id"`
	RemoteAddr      *netip.Addr     `json:"remote_addr"`
	RemotePort      *uint16         `json:"remote_port"`
	RemoteScopeID   *uint32         `json:"remote_scope_id"`
	State           *string         `json:"state"`
	StateCode       *uint32         `json:"state_code"`
	OffloadState    *string         `json:"offload_state"`
	OffloadCode     *uint32         `json:"offload_state_code"`
	PID             *uint32         `json:"pid"`
	CreateTimestamp *int64          `json:"create_timestamp"`
	Created         json.RawMessage `json:"created"`
	ServiceTag      *uint32         `json:"service_tag"`
	ModuleInfo      *string         `json:"module_info"`
}

// UnmarshalJSON reads the form [Entry.MarshalJSON] writes. Missing keys leave
// zero values and unknown keys are ignored. Where two keys carry the same
// data, the raw one wins and the other must agree with it: state with
// state_code, offload_state with offload_state_code, created with
// create_timestamp (created is null when the timestamp has no time text),
// service_tag with module_info. Either may be given alone. The offload
// state is known when either of its keys is given and not null. Addresses must not have a zone.
//
// Errors wrap [netmib.ErrInvalidEntry], and the error of encoding/json or
// package state that caused them. JSON null leaves e unchanged.
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
	if out.Remote, err = mib.JSONAddrPort("remote", j.RemoteAddr, j.RemotePort); err != nil {
		return out, err
	}
	out.LocalScopeID = deref(j.LocalScopeID)
	out.RemoteScopeID = deref(j.RemoteScopeID)
	if out.State, err = jsonState(j.State, j.StateCode); err != nil {
		return out, err
	}
	if out.Offload, err = jsonOffload(j.OffloadState, j.OffloadCode); err != nil {
		return out, err
	}
	out.PID = deref(j.PID)
	if out.CreateTimestamp, err = mib.JSONTimestamp(j.CreateTimestamp, j.Created); err != nil {
		return out, err
	}
	if out.ModuleInfo, err = mib.JSONModuleInfo(j.ModuleInfo, j.ServiceTag); err != nil {
		return out, err
	}
	return out, nil
}

// jsonState returns the state the optional state and state_code values give.
func jsonState(name *string, code *uint32) (state.State, error) {
	if name == nil {
		return state.State(deref(code)), nil
	}
	s, err := state.Parse(*name)
	if err != nil {
		return 0, err
	}
	if code != nil && s != state.State(*code) {
		return 0, fmt.Errorf("state %s does not match state_code %d", text.Quote(*name), *code)
	}
	return s, nil
}

// jsonOffload returns the offload state the optional offload_state and
// offload_state_code values give: none when both are null or missing.
func jsonOffload(name *string, code *uint32) (Offload, error) {
	switch {
	case name == nil && code == nil:
		return Offload{}, nil
	case name == nil:
		return Offload{State: OffloadState(*code), Known: true}, nil
	}
	s, err := ParseOffloadState(*name)
	if err != nil {
		return Offload{}, err
	}
	if code != nil && s != OffloadState(*code) {
		return Offload{}, fmt.Errorf("offload_state %s does not match offload_state_code %d", text.Quote(*name), *code)
	}
	return Offload{State: s, Known: true}, nil
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
