//go:build race

package tcpmib_test

// raceEnabled reports that the race detector is on; it adds allocations of
// its own to some code paths, so exact allocation counts are not checked.
const raceEnabled = true
