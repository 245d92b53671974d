package snapshot

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/mib"
	"github.com/netmib/netmib/state"
	"github.com/netmib/netmib/tcpmib"

	"github.com/netmib/netmib/internal/text"
)

// MarshalJSON encodes s as an object with these keys, in this order; a key
// whose member the socket's table does not carry is null:
//
//	proto               "tcp" or "udp"
//	family              "IPv4" or "IPv6"
//	local_addr          string, netip text without zone
//	local_port          number
//	local_scope_id      number, or null in IPv4 tables
//	remote_addr         string, or null for UDP
//	remote_port         number, or null for UDP
//	remote_scope_id     number, or null
//	state               string, State.String(), or null for UDP
//	state_code          number, or null for UDP
//	offload_state       string, tcpmib.OffloadState.String(), or null but in TABLE2 tables
//	offload_state_code  number, or null likewise
//	pid                 number, or null in BASIC tables
//	create_timestamp    number, the raw FILETIME, or null
//	created             string, RFC 3339, or null when unknown, 0 or outside the years 0000-9999
//	service_tag         number, or null
//	module_info         string, 256 hex digits, or null
//	specific_port_bind  bool, or null but in UDP OWNER_MODULE tables
func (s Socket) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 720)
	b = append(b, `{"proto":`...)
	switch s.Proto {
	case TCP:
		b = append(b, `"tcp"`...)
	case UDP:
		b = append(b, `"udp"`...)
	default:
		return nil, fmt.Errorf("snapshot: socket of unknown protocol %v", s.Proto)
	}
	b = append(b, `,"family":"`...)
	b = append(b, s.Family.String()...)
	b = append(b, `","local_addr":"`...)
	b = s.Local.Addr().WithZone("").AppendTo(b)
	b = append(b, `","local_port":`...)
	b = strconv.AppendUint(b, uint64(s.Local.Port()), 10)
	b = append(b, `,"local_scope_id":`...)
	b = appendUint(b, s.Has(FieldScopeIDs), uint64(s.LocalScopeID))
	b = append(b, `,"remote_addr":`...)
	if s.Has(FieldRemote) {
		b = append(b, '"')
		b = s.Remote.Addr().WithZone("").AppendTo(b)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"remote_port":`...)
	b = appendUint(b, s.Has(FieldRemote), uint64(s.Remote.Port()))
	b = append(b, `,"remote_scope_id":`...)
	b = appendUint(b, s.Has(FieldRemote|FieldScopeIDs), uint64(s.RemoteScopeID))
	b = append(b, `,"state":`...)
	if s.Has(FieldState) {
		b = append(b, '"')
		b, _ = s.State.AppendText(b)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"state_code":`...)
	b = appendUint(b, s.Has(FieldState), uint64(s.State))
	b = append(b, `,"offload_state":`...)
	if s.Has(FieldOffloadState) {
		b = append(b, '"')
		b, _ = s.OffloadState.AppendText(b)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"offload_state_code":`...)
	b = appendUint(b, s.Has(FieldOffloadState), uint64(s.OffloadState))
	b = append(b, `,"pid":`...)
	b = appendUint(b, s.Has(FieldPID), uint64(s.PID))
	b = append(b, `,"create_timestamp":`...)
	if s.Has(FieldCreateTimestamp) {
		b = strconv.AppendInt(b, s.CreateTimestamp, 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"created":`...)
	b = mib.AppendCreatedJSON(b, s.CreateTimestamp) // null for 0, which an absent member is
	b = append(b, `,"service_tag":`...)
	b = appendUint(b, s.Has(FieldModuleInfo), uint64(s.ServiceTag()))
	b = append(b, `,"module_info":`...)
	if s.Has(FieldModuleInfo) {
		b = append(b, '"')
		b, _ = s.ModuleInfo.AppendText(b)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"specific_port_bind":`...)
	if s.Has(FieldSpecificPortBind) {
		b = strconv.AppendBool(b, s.SpecificPortBind)
	} else {
		b = append(b, "null"...)
	}
	return append(b, '}'), nil
}

func appendUint(b []byte, known bool, v uint64) []byte {
	if !known {
		return append(b, "null"...)
	}
	return strconv.AppendUint(b, v, 10)
}

type socketJSON struct {
	Proto            string             `json:"proto"`
	Family           string             `json:"family"`
	LocalAddr        netip.Addr         `json:"local_addr"`
	LocalPort        uint16             `json:"local_port"`
	LocalScopeID     *uint32            `json:"local_scope_id"`
	RemoteAddr       *netip.Addr        `json:"remote_addr"`
	RemotePort       *uint16            `json:"remote_port"`
	RemoteScopeID    *uint32            `json:"remote_scope_id"`
	State            *string            `json:"state"`
	StateCode        *uint32            `json:"state_code"`
	OffloadState     *string            `json:"offload_state"`
	OffloadCode      *uint32            `json:"offload_state_code"`
	PID              *uint32            `json:"pid"`
	CreateTimestamp  *int64             `json:"create_timestamp"`
	Created          json.RawMessage    `json:"created"`
	ServiceTag       *uint32            `json:"service_tag"`
	ModuleInfo       *netmib.ModuleInfo `json:"module_info"`
	SpecificPortBind *bool              `json:"specific_port_bind"`
}

// UnmarshalJSON reads the form MarshalJSON writes. A null or missing key
// leaves its member unknown; keys that carry the same data must agree
// (state with state_code, created with create_timestamp, service_tag with
// module_info), and a member of one group is known only with the others of
// its group (the remote address with its port). Errors wrap
// netmib.ErrInvalidEntry. JSON null leaves s unchanged.
func (s *Socket) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	out, err := unmarshalSocket(b)
	if err != nil {
		return fmt.Errorf("%w: %w", netmib.ErrInvalidEntry, err)
	}
	*s = out
	return nil
}

func unmarshalSocket(b []byte) (s Socket, err error) {
	var j socketJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return s, err
	}
	if s.Proto, err = ParseProto(j.Proto); err != nil {
		return s, err
	}
	switch j.Family {
	case "IPv4":
		s.Family = netmib.IPv4
	case "IPv6":
		s.Family = netmib.IPv6
	default:
		return s, fmt.Errorf("family %s is not IPv4 or IPv6", text.Quote(j.Family))
	}
	if s.Local, err = mib.JSONAddrPort("local", &j.LocalAddr, &j.LocalPort); err != nil {
		return s, err
	}
	if j.LocalScopeID != nil {
		s.Known |= FieldScopeIDs
		s.LocalScopeID = *j.LocalScopeID
	}
	if (j.RemoteAddr != nil) != (j.RemotePort != nil) {
		return s, fmt.Errorf("remote_addr and remote_port go together")
	}
	if j.RemoteAddr != nil {
		s.Known |= FieldRemote
		if s.Remote, err = mib.JSONAddrPort("remote", j.RemoteAddr, j.RemotePort); err != nil {
			return s, err
		}
	}
	if j.RemoteScopeID != nil {
		if !s.Has(FieldScopeIDs | FieldRemote) {
			return s, fmt.Errorf("remote_scope_id without remote_addr and local_scope_id")
		}
		s.RemoteScopeID = *j.RemoteScopeID
	} else if s.Has(FieldScopeIDs | FieldRemote) {
		return s, fmt.Errorf("remote_scope_id is missing")
	}
	if j.State != nil || j.StateCode != nil {
		if j.State == nil || j.StateCode == nil {
			return s, fmt.Errorf("state and state_code go together")
		}
		st, err := state.Parse(*j.State)
		if err != nil {
			return s, err
		}
		if st != state.State(*j.StateCode) {
			return s, fmt.Errorf("state %s does not match state_code %d", text.Quote(*j.State), *j.StateCode)
		}
		s.Known |= FieldState
		s.State = st
	}
	if j.OffloadState != nil || j.OffloadCode != nil {
		if j.OffloadState == nil || j.OffloadCode == nil {
			return s, fmt.Errorf("offload_state and offload_state_code go together")
		}
		if !s.Has(FieldState) {
			return s, fmt.Errorf("offload_state without state: only TCP rows have one")
		}
		o, err := tcpmib.ParseOffloadState(*j.OffloadState)
		if err != nil {
			return s, err
		}
		if o != tcpmib.OffloadState(*j.OffloadCode) {
			return s, fmt.Errorf("offload_state %s does not match offload_state_code %d", text.Quote(*j.OffloadState), *j.OffloadCode)
		}
		s.Known |= FieldOffloadState
		s.OffloadState = o
	}
	if j.PID != nil {
		s.Known |= FieldPID
		s.PID = *j.PID
	}
	if j.CreateTimestamp != nil {
		s.Known |= FieldCreateTimestamp
		if s.CreateTimestamp, err = mib.JSONTimestamp(j.CreateTimestamp, j.Created); err != nil {
			return s, err
		}
	} else if len(j.Created) > 0 && string(j.Created) != "null" {
		return s, fmt.Errorf("created without create_timestamp")
	}
	if j.ModuleInfo != nil {
		s.Known |= FieldModuleInfo
		s.ModuleInfo = *j.ModuleInfo
		if j.ServiceTag == nil || *j.ServiceTag != s.ServiceTag() {
			return s, fmt.Errorf("service_tag does not match module_info")
		}
	} else if j.ServiceTag != nil {
		return s, fmt.Errorf("service_tag without module_info")
	}
	if j.SpecificPortBind != nil {
		s.Known |= FieldSpecificPortBind
		s.SpecificPortBind = *j.SpecificPortBind
	}
	return s, nil
}
