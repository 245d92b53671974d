//go:build !race

package tcpmib_test

// raceEnabled reports that the race detector is on; see race_test.go.
const raceEnabled = false
