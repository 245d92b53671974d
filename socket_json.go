package netmib

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/netmib/netmib/internal/filetime"
	"github.com/netmib/netmib/internal/text"
	"github.com/netmib/netmib/state"
)

// MarshalJSON encodes s as an object with these keys, in this order; a key
// whose member the socket's table does not carry is null:
//
//	proto               "tcp" or "udp" ("Proto(n)" for another value; null for 0)
//	family              "IPv4" or "IPv6" ("Family(n)"; null for 0)
//	local_addr          string, netip text without zone ("" for the zero Addr)
//	local_port          number
//	local_scope_id      number: IPv6 tables
//	remote_addr         string: TCP tables
//	remote_port         number: TCP tables
//	remote_scope_id     number: IPv6 TCP tables
//	state               string, state.State's String: TCP tables
//	state_code          number, likewise
//	offload_state       string, state.OffloadState's String: TABLE2 tables
//	offload_state_code  number, likewise
//	pid                 number: tables with dwOwningPid
//	create_timestamp    number, the raw FILETIME: OWNER_MODULE tables
//	created             string, RFC 3339; null also when the FILETIME is 0 (unknown) or outside the years 0000-9999
//	service_tag         number: OWNER_MODULE tables
//	module_info         string, the 128 bytes as 256 hex digits: OWNER_MODULE tables
//	flags               number, dwFlags: UDP OWNER_MODULE tables
//	specific_port_bind  bool, bit 0 of flags: UDP OWNER_MODULE tables
//
// Every Socket marshals, the zero Socket among them.
func (s Socket) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 760)
	b = append(b, `{"proto":`...)
	b = appendText(b, s.Proto != 0, s.Proto)
	b = append(b, `,"family":`...)
	b = appendText(b, s.Family != 0, s.Family)
	b = append(b, `,"local_addr":"`...)
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
	b = appendText(b, s.Has(FieldState), s.State)
	b = append(b, `,"state_code":`...)
	b = appendUint(b, s.Has(FieldState), uint64(s.State))
	b = append(b, `,"offload_state":`...)
	b = appendText(b, s.Has(FieldOffloadState), s.OffloadState)
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
	if s.Has(FieldCreateTimestamp) {
		b = filetime.AppendJSON(b, s.CreateTimestamp)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"service_tag":`...)
	b = appendUint(b, s.Has(FieldModuleInfo), uint64(s.ModuleInfo.ServiceTag()))
	b = append(b, `,"module_info":`...)
	b = appendText(b, s.Has(FieldModuleInfo), s.ModuleInfo)
	b = append(b, `,"flags":`...)
	b = appendUint(b, s.Has(FieldFlags), uint64(s.Flags))
	b = append(b, `,"specific_port_bind":`...)
	if s.Has(FieldFlags) {
		b = strconv.AppendBool(b, s.Flags&1 != 0)
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

// appendText appends v's text in quotes, or null; v's text needs no
// escaping.
func appendText(b []byte, known bool, v interface{ AppendText([]byte) ([]byte, error) }) []byte {
	if !known {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b, _ = v.AppendText(b)
	return append(b, '"')
}

// socketJSON is the JSON form with every key optional, for UnmarshalJSON.
type socketJSON struct {
	Proto            *string         `json:"proto"`
	Family           *string         `json:"family"`
	LocalAddr        netip.Addr      `json:"local_addr"`
	LocalPort        uint16          `json:"local_port"`
	LocalScopeID     *uint32         `json:"local_scope_id"`
	RemoteAddr       *netip.Addr     `json:"remote_addr"`
	RemotePort       *uint16         `json:"remote_port"`
	RemoteScopeID    *uint32         `json:"remote_scope_id"`
	State            *string         `json:"state"`
	StateCode        *uint32         `json:"state_code"`
	OffloadState     *string         `json:"offload_state"`
	OffloadCode      *uint32         `json:"offload_state_code"`
	PID              *uint32         `json:"pid"`
	CreateTimestamp  *int64          `json:"create_timestamp"`
	Created          json.RawMessage `json:"created"`
	ServiceTag       *uint32         `json:"service_tag"`
	ModuleInfo       *ModuleInfo     `json:"module_info"`
	Flags            *uint32         `json:"flags"`
	SpecificPortBind *bool           `json:"specific_port_bind"`
}

// UnmarshalJSON reads the form MarshalJSON writes. A null or missing key
// leaves its member unknown, and unknown keys are ignored. Keys that carry
// the same data must agree (state with state_code, offload_state with
// offload_state_code, created with create_timestamp, service_tag with
// module_info, specific_port_bind with flags), and the members of one group
// are known together (the remote address with its port). Addresses must
// not have a zone: the scope ID has its own key. Errors wrap
// ErrInvalidSocket and say which key is wrong, quoting the input escaped
// and cut short. JSON null leaves s unchanged.
func (s *Socket) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	out, err := unmarshalSocket(b)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidSocket, err)
	}
	*s = out
	return nil
}

func unmarshalSocket(b []byte) (s Socket, err error) {
	var j socketJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return s, err
	}
	if j.Proto != nil {
		if s.Proto, err = ParseProto(*j.Proto); err != nil {
			return s, err
		}
	}
	if j.Family != nil {
		if s.Family, err = ParseFamily(*j.Family); err != nil {
			return s, err
		}
	}
	if j.LocalAddr.Zone() != "" {
		return s, fmt.Errorf("local_addr %s has a zone; the scope goes in local_scope_id", text.Quote(j.LocalAddr.String()))
	}
	s.Local = netip.AddrPortFrom(j.LocalAddr, j.LocalPort)
	if j.LocalScopeID != nil {
		s.Known |= FieldScopeIDs
		s.LocalScopeID = *j.LocalScopeID
	}
	if (j.RemoteAddr != nil) != (j.RemotePort != nil) {
		return s, errors.New("remote_addr and remote_port go together")
	}
	if j.RemoteAddr != nil {
		if j.RemoteAddr.Zone() != "" {
			return s, fmt.Errorf("remote_addr %s has a zone; the scope goes in remote_scope_id", text.Quote(j.RemoteAddr.String()))
		}
		s.Known |= FieldRemote
		s.Remote = netip.AddrPortFrom(*j.RemoteAddr, *j.RemotePort)
	}
	if j.RemoteScopeID != nil {
		if !s.Has(FieldScopeIDs | FieldRemote) {
			return s, errors.New("remote_scope_id without remote_addr and local_scope_id")
		}
		s.RemoteScopeID = *j.RemoteScopeID
	} else if s.Has(FieldScopeIDs | FieldRemote) {
		return s, errors.New("remote_scope_id is missing")
	}
	if j.State != nil || j.StateCode != nil {
		if j.State == nil || j.StateCode == nil {
			return s, errors.New("state and state_code go together")
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
			return s, errors.New("offload_state and offload_state_code go together")
		}
		o, err := state.ParseOffloadState(*j.OffloadState)
		if err != nil {
			return s, err
		}
		if o != state.OffloadState(*j.OffloadCode) {
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
		if s.CreateTimestamp, err = filetime.ParseJSON(j.CreateTimestamp, j.Created); err != nil {
			return s, err
		}
	} else if len(j.Created) > 0 && string(j.Created) != "null" {
		return s, errors.New("created without create_timestamp")
	}
	if j.ModuleInfo != nil {
		s.Known |= FieldModuleInfo
		s.ModuleInfo = *j.ModuleInfo
		if j.ServiceTag == nil || *j.ServiceTag != s.ModuleInfo.ServiceTag() {
			return s, errors.New("service_tag does not match module_info")
		}
	} else if j.ServiceTag != nil {
		return s, errors.New("service_tag without module_info")
	}
	if j.Flags != nil {
		s.Known |= FieldFlags
		s.Flags = *j.Flags
		if j.SpecificPortBind != nil && *j.SpecificPortBind != (s.Flags&1 != 0) {
			return s, errors.New("specific_port_bind does not match bit 0 of flags")
		}
	} else if j.SpecificPortBind != nil {
		return s, errors.New("specific_port_bind without flags")
	}
	return s, nil
}
