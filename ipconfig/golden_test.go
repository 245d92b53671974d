package ipconfig_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/ipconfig"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden decodes every IP configuration fixture and compares every
// member of every row, as JSON, with testdata/<fixture>.golden; with
// -update it rewrites them, to be checked by eye.
func TestGolden(t *testing.T) {
	n := 0
	for _, f := range fixtures.All() {
		if f.Kind != fixtures.KindIPConfig || !f.Valid {
			continue
		}
		n++
		t.Run(f.Name, func(t *testing.T) {
			k, err := ipconfig.KindOf(f.Function)
			require.NoError(t, err)
			values, err := decodeAll(k, f.Bytes())
			require.NoError(t, err)
			got, err := json.MarshalIndent(values, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			path := filepath.Join("testdata", f.Name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./ipconfig -run TestGolden -update")
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, d)
			}
		})
	}
	require.Equal(t, 7, n)
}
