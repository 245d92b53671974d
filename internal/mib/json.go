package mib

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/netip"
	"time"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/internal/text"
)

// quote quotes a value from the input for an error message, escaped and
// cut short.
func quote(s string) string { return text.Quote(s) }

// AppendCreatedJSON appends the JSON value of the created key for the
// FILETIME ft: the UTC time as time.RFC3339Nano writes it, in quotes, or
// null when ft is 0 (unknown) or lies outside the years 0000 to 9999, which
// RFC 3339 cannot write (see [HasText]); create_timestamp keeps the raw
// value beside it.
func AppendCreatedJSON(b []byte, ft int64) []byte {
	if !HasText(ft) {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = Time(ft).AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// JSONAddrPort combines the optional <side>_addr and <side>_port values.
// The address must not have a zone: the scope ID has its own key.
func JSONAddrPort(side string, a *netip.Addr, port *uint16) (netip.AddrPort, error) {
	var ap netip.AddrPort
	if a != nil {
		if a.Zone() != "" {
			return ap, fmt.Errorf("%s_addr %s has a zone; the scope goes in %s_scope_id", side, quote(a.String()), side)
		}
		ap = netip.AddrPortFrom(*a, 0)
	}
	if port != nil {
		ap = netip.AddrPortFrom(ap.Addr(), *port)
	}
	return ap, nil
}

// JSONTimestamp returns the FILETIME the optional create_timestamp (raw)
// and created values give. create_timestamp wins; created, when also
// present, must be what [AppendCreatedJSON] writes for it, or name the same
// instant to the 100 ns tick. created alone gives its FILETIME.
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
		switch {
		case text == nil && len(created) > 0 && HasText(*raw): // an explicit null
			return 0, fmt.Errorf("created is null but create_timestamp %d is a time", *raw)
		case text == nil:
			return *raw, nil
		case !HasText(*raw):
			return 0, fmt.Errorf("created is %s but create_timestamp %d has no time text", quote(*text), *raw)
		}
		want := AppendCreatedJSON(nil, *raw)
		if string(want[1:len(want)-1]) == *text {
			return *raw, nil
		}
		t, err := time.Parse(time.RFC3339Nano, *text)
		if ft, ok := FromTime(t); err != nil || !ok || ft != *raw {
			return 0, fmt.Errorf("created %s does not match create_timestamp %d", quote(*text), *raw)
		}
		return *raw, nil
	}
	if text == nil {
		return 0, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *text)
	if err != nil {
		return 0, fmt.Errorf("created %s is not an RFC 3339 time", quote(*text))
	}
	ft, ok := FromTime(t)
	if !ok {
		return 0, fmt.Errorf("created %s is outside the range of a FILETIME", quote(*text))
	}
	if ft == 0 {
		return 0, fmt.Errorf("created %s is the FILETIME 0, which means unknown; write null", quote(*text))
	}
	return ft, nil
}

// JSONModuleInfo returns the OwningModuleInfo the optional module_info and
// service_tag values give. module_info wins; service_tag, when also present,
// must equal its service tag. service_tag alone sets the low 32 bits of
// element 0.
func JSONModuleInfo(hexText *string, tag *uint32) (netmib.ModuleInfo, error) {
	var m netmib.ModuleInfo
	if hexText != nil {
		if err := m.UnmarshalText([]byte(*hexText)); err != nil {
			return m, fmt.Errorf("module_info: %w", err)
		}
		if tag != nil && *tag != m.ServiceTag() {
			return m, fmt.Errorf("service_tag %d does not match module_info (%d)", *tag, m.ServiceTag())
		}
		return m, nil
	}
	if tag != nil {
		binary.LittleEndian.PutUint32(m[:4], *tag)
	}
	return m, nil
}
