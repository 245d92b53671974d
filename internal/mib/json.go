package mib

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"time"
)

// AppendCreatedJSON appends the JSON value of the created key for the
// FILETIME ft: null when ft is 0, else the UTC time as time.RFC3339Nano
// writes it, in quotes. Times after 9999 or before year 0 are written as
// Time.Format writes them, since the raw create_timestamp is authoritative.
func AppendCreatedJSON(b []byte, ft int64) []byte {
	if ft == 0 {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = Time(ft).AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// JSONAddrPort combines the optional <side>_addr and <side>_port values.
func JSONAddrPort(side string, a *netip.Addr, port *uint16) (netip.AddrPort, error) {
	var ap netip.AddrPort
	if a != nil {
		if a.Zone() != "" {
			return ap, fmt.Errorf("%s_addr %q has a zone; the scope goes in %s_scope_id", side, a.String(), side)
		}
		ap = netip.AddrPortFrom(*a, 0)
	}
	if port != nil {
		ap = netip.AddrPortFrom(ap.Addr(), *port)
	}
	return ap, nil
}

// JSONTimestamp returns the FILETIME the optional create_timestamp and
// created values give. create_timestamp wins; created, when also present,
// must name the same instant (to the 100 ns tick) or be exactly the text
// AppendCreatedJSON writes for it.
func JSONTimestamp(raw *int64, created json.RawMessage) (int64, error) {
	var text *string
	if len(created) > 0 && !bytes.Equal(created, []byte("null")) {
		var s string
		if err := json.Unmarshal(created, &s); err != nil {
			return 0, fmt.Errorf("created: %w", err)
		}
		text = &s
	}
	if raw != nil {
		if text == nil {
			if len(created) > 0 && *raw != 0 { // explicit null
				return 0, errors.New("created is null but create_timestamp is not 0")
			}
			return *raw, nil
		}
		if *raw == 0 {
			return 0, errors.New("created is set but create_timestamp is 0")
		}
		want := AppendCreatedJSON(nil, *raw)
		if string(want[1:len(want)-1]) == *text {
			return *raw, nil
		}
		t, err := time.Parse(time.RFC3339Nano, *text)
		if ft, ok := FromTime(t); err != nil || !ok || ft != *raw {
			return 0, fmt.Errorf("created %q does not match create_timestamp %d", *text, *raw)
		}
		return *raw, nil
	}
	if text == nil {
		return 0, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *text)
	if err != nil {
		return 0, fmt.Errorf("created: %w", err)
	}
	ft, ok := FromTime(t)
	if !ok {
		return 0, fmt.Errorf("created %q is outside the range of a FILETIME", *text)
	}
	if ft == 0 {
		return 0, fmt.Errorf("created %q is the FILETIME 0, which means unknown; write null", *text)
	}
	return ft, nil
}

// JSONModuleInfo returns the OwningModuleInfo the optional module_info and
// service_tag values give. module_info wins; service_tag, when also present,
// must equal its low 32 bits. service_tag alone sets element 0.
func JSONModuleInfo(hexText *string, tag *uint32) ([16]uint64, error) {
	var m [16]uint64
	if hexText != nil {
		var err error
		if m, err = ParseModuleInfoHex(*hexText); err != nil {
			return m, fmt.Errorf("module_info: %w", err)
		}
		if tag != nil && *tag != uint32(m[0]) {
			return m, fmt.Errorf("service_tag %d does not match module_info (%d)", *tag, uint32(m[0]))
		}
		return m, nil
	}
	if tag != nil {
		m[0] = uint64(*tag)
	}
	return m, nil
}

// CommonJSON holds the keys that the JSON forms of tcpmib.Entry and
// udpmib.Entry share, every one optional. Each package embeds it in its own
// unmarshalling struct, where encoding/json flattens it.
type CommonJSON struct {
	LocalAddr       *netip.Addr     `json:"local_addr"`
	LocalPort       *uint16         `json:"local_port"`
	LocalScopeID    *uint32         `json:"local_scope_id"`
	PID             *uint32         `json:"pid"`
	CreateTimestamp *int64          `json:"create_timestamp"`
	Created         json.RawMessage `json:"created"`
	ServiceTag      *uint32         `json:"service_tag"`
	ModuleInfo      *string         `json:"module_info"`
}

// Common are the values CommonJSON gives.
type Common struct {
	Local           netip.AddrPort
	LocalScopeID    uint32
	PID             uint32
	CreateTimestamp int64
	ModuleInfo      [16]uint64
}

// Decode returns the values of the shared keys, with the rules of
// JSONAddrPort, JSONTimestamp and JSONModuleInfo; missing keys give zeros.
func (j *CommonJSON) Decode() (c Common, err error) {
	if c.Local, err = JSONAddrPort("local", j.LocalAddr, j.LocalPort); err != nil {
		return c, err
	}
	if j.LocalScopeID != nil {
		c.LocalScopeID = *j.LocalScopeID
	}
	if j.PID != nil {
		c.PID = *j.PID
	}
	if c.CreateTimestamp, err = JSONTimestamp(j.CreateTimestamp, j.Created); err != nil {
		return c, err
	}
	if c.ModuleInfo, err = JSONModuleInfo(j.ModuleInfo, j.ServiceTag); err != nil {
		return c, err
	}
	return c, nil
}
