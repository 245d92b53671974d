package state_test

import (
	"fmt"

	"github.com/netmib/netmib/state"
)

func ExampleState_String() {
	fmt.Println(state.Established)
	fmt.Println(state.Bound)
	fmt.Println(state.State(42))
	// Output:
	// ESTABLISHED
	// BOUND
	// UNKNOWN(42)
}

func ExampleParse() {
	for _, name := range []string{"MIB_TCP_STATE_SYN_RCVD", "SYN_RECV", "SynReceived", "syn-received"} {
		s, err := state.Parse(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-22s -> %s (%d)\n", name, s, uint32(s))
	}
	_, err := state.Parse("HALF_OPEN")
	fmt.Println(err)
	// Output:
	// MIB_TCP_STATE_SYN_RCVD -> SYN_RECEIVED (4)
	// SYN_RECV               -> SYN_RECEIVED (4)
	// SynReceived            -> SYN_RECEIVED (4)
	// syn-received           -> SYN_RECEIVED (4)
	// state: unknown state name "HALF_OPEN"
}

func ExampleFromLinux() {
	// The st column of a /proc/net/tcp6 line, in hex.
	fmt.Println(state.FromLinux(0x0A), state.FromLinux(0x01), state.FromLinux(0x06))
	// Output: LISTEN ESTABLISHED TIME_WAIT
}
