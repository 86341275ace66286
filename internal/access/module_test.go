package access

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// passIn makes a pass over one file at path, of package pkg, with no
// module information (as staticcheck's runner gives).
func passIn(t *testing.T, path, pkg string) *analysis.Pass {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("package p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	return &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: types.NewPackage(pkg, "p")}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestModulePath: without pass.Module, the module is read from the go.mod
// above the files, or from vendor/modules.txt for a vendored package; a
// package its go.mod does not hold (a GOPATH fixture inside a module) is
// grouped by its first path element.
func TestModulePath(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "go.mod"), "module example.com/svc\n\ngo 1.26\n")
	if err := os.MkdirAll(filepath.Join(root, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "vendor", "modules.txt"),
		"# github.com/acme/codec v1.2.0\n## explicit\ngithub.com/acme/codec\n# github.com/acme/codec/v2 v2.0.0\ngithub.com/acme/codec/v2/x\n")
	cases := []struct{ file, pkg, want string }{
		{"server/raft/fsm.go", "example.com/svc/server/raft", "example.com/svc"},
		{"fsm.go", "example.com/svc", "example.com/svc"},
		{"vendor/github.com/acme/codec/v2/x/x.go", "github.com/acme/codec/v2/x", "github.com/acme/codec/v2"},
		{"vendor/github.com/acme/codec/enc.go", "github.com/acme/codec", "github.com/acme/codec"},
		{"testdata/src/store/store.go", "store", "store"},
		{"testdata/src/example.com/store/store.go", "example.com/store", "example.com"},
	}
	for _, c := range cases {
		pass := passIn(t, filepath.Join(root, filepath.FromSlash(c.file)), c.pkg)
		if got := modulePath(pass); got != c.want {
			t.Errorf("%s (%s): module %q, want %q", c.file, c.pkg, got, c.want)
		}
	}
	pass := passIn(t, filepath.Join(root, "x.go"), "example.com/svc")
	pass.Module = &analysis.Module{Path: "example.com/given"}
	if got := modulePath(pass); got != "example.com/given" {
		t.Errorf("with pass.Module: %q", got)
	}
}
