package netmib_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// exportedAPI returns the exported API of the package in dir, not counting
// its tests: each top-level identifier and method (as Type.Method), with
// its signature or, for types, consts and vars, its kind.
func exportedAPI(t *testing.T, dir string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := os.ReadDir(dir)
	require.NoError(t, err)
	api := map[string]string{}
	text := func(n ast.Node) string {
		var b bytes.Buffer
		require.NoError(t, printer.Fprint(&b, fset, n))
		return b.String()
	}
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, decl := range file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				key := d.Name.Name
				if d.Recv != nil {
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					key = text(recv) + "." + key
				}
				api[key] = text(d.Type)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							api[s.Name.Name] = "type " + text(s.Type)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								api[n.Name] = d.Tok.String()
							}
						}
					}
				}
			}
		}
	}
	return api
}

// TestMirroredAPI keeps tcpmib and udpmib in step: every exported
// identifier of one exists in the other with the same signature, but for
// the differences listed here, which follow from the tables themselves.
func TestMirroredAPI(t *testing.T) {
	tcp, udp := exportedAPI(t, "tcpmib"), exportedAPI(t, "udpmib")
	onlyTCP := map[string]bool{
		"Parse": true, // the package's headline table, MIB_TCP6TABLE_OWNER_MODULE
		// TCP rows have a remote end and a state.
		"Row.Remote": true, "Row.RemoteScopeID": true, "Row.State": true,
		// TCP_TABLE_CLASS
		"BasicListener": true, "BasicConnections": true, "BasicAll": true,
		"OwnerPIDListener": true, "OwnerPIDConnections": true, "OwnerPIDAll": true,
		"OwnerModuleListener": true, "OwnerModuleConnections": true, "OwnerModuleAll": true,
		// GetTcpTable2 and GetTcp6Table2, and the offload state of their
		// rows: UDP has neither.
		"IPv4Table2": true, "IPv6Table2": true, "Table2LayoutOf": true, "AppendFetchTable2": true,
		"Row.OffloadState": true,
	}
	onlyUDP := map[string]bool{
		// UDP OWNER_MODULE rows have dwFlags.
		"Row.Flags": true, "Row.SpecificPortBind": true,
		// UDP_TABLE_CLASS
		"Basic": true, "OwnerPID": true, "OwnerModule": true,
	}
	for _, name := range slices.Sorted(maps.Keys(tcp)) {
		if onlyTCP[name] {
			_, ok := udp[name]
			require.False(t, ok, "%s is listed as TCP only", name)
			continue
		}
		_, ok := udp[name]
		require.True(t, ok, "tcpmib has %s, udpmib does not", name)
		require.Equal(t, tcp[name], udp[name], "%s differs", name)
	}
	for _, name := range slices.Sorted(maps.Keys(udp)) {
		if onlyUDP[name] {
			_, ok := tcp[name]
			require.False(t, ok, "%s is listed as UDP only", name)
			continue
		}
		_, ok := tcp[name]
		require.True(t, ok, "udpmib has %s, tcpmib does not", name)
	}
}
