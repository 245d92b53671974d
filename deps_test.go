package netmib_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStandardLibraryOnly checks that the module's packages, on Linux and
// on Windows, depend on nothing outside the standard library and the
// module: security tools vendor this code, and every dependency is a
// liability to them. Tests alone use testify and go-cmp.
func TestStandardLibraryOnly(t *testing.T) {
	goCmd, err := exec.LookPath("go") // go test puts its own first in PATH
	if err != nil {
		t.Skipf("no go command to ask (%v)", err)
	}
	for _, goos := range []string{"linux", "windows", "darwin"} {
		cmd := exec.Command(goCmd, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./...")
		cmd.Env = append(os.Environ(), "GOOS="+goos)
		out, err := cmd.Output()
		require.NoError(t, err, "%s", out)
		for _, pkg := range strings.Fields(string(out)) {
			require.True(t, pkg == "github.com/netmib/netmib" || strings.HasPrefix(pkg, "github.com/netmib/netmib/"),
				"GOOS=%s: the module depends on %s", goos, pkg)
		}
	}
}
