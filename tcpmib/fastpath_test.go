package tcpmib

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
)

// TestOwnerModule6MatchesLayout checks that decodeOwnerModule6, which the
// bulk decoders use for MIB_TCP6ROW_OWNER_MODULE, reads what the layout
// table's description reads, on random rows.
func TestOwnerModule6MatchesLayout(t *testing.T) {
	l := &layouts[IPv6OwnerModule]
	require.Equal(t, l.RowSize, ownerModule6Size)
	rng := rand.New(rand.NewPCG(3, 4))
	row := make([]byte, ownerModule6Size)
	for range 500 {
		for i := range row {
			row[i] = byte(rng.Uint32())
		}
		var want, got netmib.Socket
		l.Decode(row, &want)
		got.Flags, got.OffloadState = 7, 3 // decodeOwnerModule6 clears what the row lacks
		decodeOwnerModule6(row, &got)
		require.Equal(t, want, got)
	}
}
