package state_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/state"
)

func TestString(t *testing.T) {
	tests := []struct {
		s    state.State
		want string
	}{
		{0, "UNKNOWN(0)"},
		{state.Closed, "CLOSED"},
		{state.Listen, "LISTEN"},
		{state.SynSent, "SYN_SENT"},
		{state.SynReceived, "SYN_RECEIVED"},
		{state.Established, "ESTABLISHED"},
		{state.FinWait1, "FIN_WAIT_1"},
		{state.FinWait2, "FIN_WAIT_2"},
		{state.CloseWait, "CLOSE_WAIT"},
		{state.Closing, "CLOSING"},
		{state.LastAck, "LAST_ACK"},
		{state.TimeWait, "TIME_WAIT"},
		{state.DeleteTCB, "DELETE_TCB"},
		{13, "UNKNOWN(13)"},
		{99, "UNKNOWN(99)"},
		{state.Bound, "BOUND"},
		{101, "UNKNOWN(101)"},
		{math.MaxUint32, "UNKNOWN(4294967295)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.s.String())
			b, err := tt.s.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tt.want, string(b))
			b, err = tt.s.AppendText([]byte("x="))
			require.NoError(t, err)
			require.Equal(t, "x="+tt.want, string(b))
		})
	}
}

func TestConstantValues(t *testing.T) {
	// The numbers are the wire contract (tcpmib.h), so spell them out.
	want := map[state.State]uint32{
		state.Closed: 1, state.Listen: 2, state.SynSent: 3, state.SynReceived: 4,
		state.Established: 5, state.FinWait1: 6, state.FinWait2: 7, state.CloseWait: 8,
		state.Closing: 9, state.LastAck: 10, state.TimeWait: 11, state.DeleteTCB: 12,
		state.Bound: 100,
	}
	for s, v := range want {
		require.Equal(t, v, uint32(s), s.String())
	}
}

func TestValid(t *testing.T) {
	for v := uint32(0); v <= 1000; v++ {
		want := (v >= 1 && v <= 12) || v == 100
		require.Equal(t, want, state.State(v).Valid(), "value %d", v)
	}
	require.False(t, state.State(math.MaxUint32).Valid())
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want state.State
	}{
		// SDK names, with and without the prefix.
		{"MIB_TCP_STATE_CLOSED", state.Closed},
		{"MIB_TCP_STATE_LISTEN", state.Listen},
		{"MIB_TCP_STATE_SYN_SENT", state.SynSent},
		{"MIB_TCP_STATE_SYN_RCVD", state.SynReceived},
		{"MIB_TCP_STATE_ESTAB", state.Established},
		{"MIB_TCP_STATE_FIN_WAIT1", state.FinWait1},
		{"MIB_TCP_STATE_FIN_WAIT2", state.FinWait2},
		{"MIB_TCP_STATE_CLOSE_WAIT", state.CloseWait},
		{"MIB_TCP_STATE_CLOSING", state.Closing},
		{"MIB_TCP_STATE_LAST_ACK", state.LastAck},
		{"MIB_TCP_STATE_TIME_WAIT", state.TimeWait},
		{"MIB_TCP_STATE_DELETE_TCB", state.DeleteTCB},
		{"MIB_TCP_STATE_RESERVED", state.Bound},
		{"SYN_RCVD", state.SynReceived},
		{"ESTAB", state.Established},
		{"RESERVED", state.Bound},
		{"mib_tcp_state_estab", state.Established},
		// RFC 793.
		{"SYN-RECEIVED", state.SynReceived},
		{"FIN-WAIT-1", state.FinWait1},
		{"FIN-WAIT-2", state.FinWait2},
		{"CLOSE-WAIT", state.CloseWait},
		{"LAST-ACK", state.LastAck},
		{"TIME-WAIT", state.TimeWait},
		// Linux and psutil.
		{"SYN_RECV", state.SynReceived},
		{"FIN_WAIT1", state.FinWait1},
		{"FIN_WAIT2", state.FinWait2},
		{"CLOSE", state.Closed},
		{"ESTABLISHED", state.Established},
		// gopsutil on Windows.
		{"SYN_RECEIVED", state.SynReceived},
		{"DELETE", state.DeleteTCB},
		// netstat.exe.
		{"LISTENING", state.Listen},
		// PowerShell.
		{"Closed", state.Closed},
		{"Listen", state.Listen},
		{"SynSent", state.SynSent},
		{"SynReceived", state.SynReceived},
		{"Established", state.Established},
		{"FinWait1", state.FinWait1},
		{"FinWait2", state.FinWait2},
		{"CloseWait", state.CloseWait},
		{"Closing", state.Closing},
		{"LastAck", state.LastAck},
		{"TimeWait", state.TimeWait},
		{"DeleteTCB", state.DeleteTCB},
		{"Bound", state.Bound},
		// Odd case and separators.
		{"time wait", state.TimeWait},
		{"fin_wait_1", state.FinWait1},
		{"Syn-Rcvd", state.SynReceived},
		// Numbers outside the enumeration, as String prints them.
		{"UNKNOWN(0)", 0},
		{"unknown(13)", 13},
		{"UNKNOWN(4294967295)", math.MaxUint32},
		{"UNKNOWN(5)", state.Established},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := state.Parse(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		"", "_", "LISTENX", "ESTABLISHE", "MIB_TCP_STATE_", "MIB_TCP_STATE_FOO",
		"UNKNOWN()", "UNKNOWN(-1)", "UNKNOWN(+1)", "UNKNOWN(4294967296)", "UNKNOWN(1", "UNKNOWN(0x5)",
		"5", "LISTEN\x00", "LİSTEN", "NEW_SYN_RECV",
		"MIB_TCP_STATE_MIB_TCP_STATE_MIB_TCP_STATE_LISTEN", // longer than any name
	} {
		t.Run(in, func(t *testing.T) {
			_, err := state.Parse(in)
			require.ErrorIs(t, err, state.ErrUnknownName)
			require.Contains(t, err.Error(), "state: unknown state name")
		})
	}
}

func TestParseStringRoundTrip(t *testing.T) {
	values := []state.State{math.MaxUint32, math.MaxUint32 - 1, 1 << 31}
	for v := range state.State(300) {
		values = append(values, v)
	}
	for _, s := range values {
		got, err := state.Parse(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
}

func TestTextRoundTripJSON(t *testing.T) {
	type doc struct {
		S state.State `json:"s"`
	}
	for _, s := range []state.State{state.Listen, state.Bound, 0, 77, math.MaxUint32} {
		b, err := json.Marshal(doc{s})
		require.NoError(t, err)
		require.JSONEq(t, `{"s":"`+s.String()+`"}`, string(b))
		var got doc
		require.NoError(t, json.Unmarshal(b, &got))
		require.Equal(t, s, got.S)
	}
	var d doc
	err := json.Unmarshal([]byte(`{"s":"NOPE"}`), &d)
	require.ErrorIs(t, err, state.ErrUnknownName)
}

func TestFromLinux(t *testing.T) {
	want := map[uint8]state.State{
		0x01: state.Established, 0x02: state.SynSent, 0x03: state.SynReceived,
		0x04: state.FinWait1, 0x05: state.FinWait2, 0x06: state.TimeWait,
		0x07: state.Closed, 0x08: state.CloseWait, 0x09: state.LastAck,
		0x0A: state.Listen, 0x0B: state.Closing,
	}
	for code := range 256 {
		w, ok := want[uint8(code)]
		if !ok {
			w = state.Closed // 0x0C TCP_NEW_SYN_RECV and anything unknown, as Wine maps them
		}
		require.Equal(t, w, state.FromLinux(uint8(code)), "code %#02x", code)
	}
}

func TestNoAllocs(t *testing.T) {
	var sink state.State
	var str string
	tests := map[string]func(){
		"Parse/SDK":        func() { sink, _ = state.Parse("MIB_TCP_STATE_ESTAB") },
		"Parse/PowerShell": func() { sink, _ = state.Parse("SynReceived") },
		"Parse/Unknown":    func() { sink, _ = state.Parse("UNKNOWN(77)") },
		"String":           func() { str = state.TimeWait.String() },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			require.Zero(t, testing.AllocsPerRun(100, f))
		})
	}
	_, _ = sink, str
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"LISTEN", "MIB_TCP_STATE_ESTAB", "SynReceived", "UNKNOWN(4294967295)", "fin-wait-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := state.Parse(in)
		if err != nil {
			require.ErrorIs(t, err, state.ErrUnknownName)
			return
		}
		// Whatever Parse accepts, the canonical name of the result parses back to it.
		again, err := state.Parse(s.String())
		require.NoError(t, err)
		require.Equal(t, s, again)
	})
}
