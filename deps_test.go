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
	// Both GOOS and GOARCH: the test itself may run as GOARCH=386, and
	// there is no darwin/386.
	for _, target := range []string{"linux/amd64", "linux/386", "windows/amd64", "windows/386", "darwin/arm64"} {
		goos, goarch, _ := strings.Cut(target, "/")
		cmd := exec.Command(goCmd, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./...")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, "%s: %s", target, stderr.String())
		for _, pkg := range strings.Fields(string(out)) {
			require.True(t, pkg == "github.com/netmib/netmib" || strings.HasPrefix(pkg, "github.com/netmib/netmib/"),
				"%s: the module depends on %s", target, pkg)
		}
	}
}
