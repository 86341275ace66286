package driver

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// exported marks a function of a dependency, the way the passes' summaries
// do; pkgMark marks a package.
type exported struct{ Name string }

func (*exported) AFact() {}

type pkgMark struct{ Path string }

func (*pkgMark) AFact() {}

// marker exports a fact for every exported function and one for its
// package, and on the packages named, reports each function it calls
// whose fact it can read, and the package facts it sees.
var marker = &analysis.Analyzer{
	Name:      "marker",
	Doc:       "test analyzer: facts across packages",
	FactTypes: []analysis.Fact{new(exported), new(pkgMark)},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, name := range pass.Pkg.Scope().Names() {
			if fn, ok := pass.Pkg.Scope().Lookup(name).(*types.Func); ok && fn.Exported() {
				pass.ExportObjectFact(fn, &exported{fn.Name()})
			}
		}
		pass.ExportPackageFact(&pkgMark{pass.Pkg.Path()})
		for id, obj := range pass.TypesInfo.Uses {
			var fact exported
			if fn, ok := obj.(*types.Func); ok && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &fact) {
				pass.Reportf(id.Pos(), "calls %s", fact.Name)
			}
		}
		var paths []string
		for _, pf := range pass.AllPackageFacts() {
			paths = append(paths, pf.Fact.(*pkgMark).Path)
		}
		slices.Sort(paths)
		pass.Reportf(pass.Files[0].Package, "sees %s", strings.Join(paths, " "))
		return nil, nil
	},
}

// panicker panics on every package; dependent runs on after it.
var panicker = &analysis.Analyzer{
	Name: "panicker",
	Doc:  "test analyzer: panics",
	Run:  func(*analysis.Pass) (any, error) { panic("unexpected shape") },
}

func loadGate(t *testing.T, patterns ...string) []*packages.Package {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "gate"))
	require.NoError(t, err)
	pkgs, err := packages.Load(&packages.Config{Mode: streamLoadMode, Dir: dir}, patterns...)
	require.NoError(t, err)
	return pkgs
}

func TestStreamFacts(t *testing.T) {
	roots := loadGate(t, "./leaky")
	var times timings
	findings, errs := analyzeStream([]*analysis.Analyzer{marker}, roots, &times)
	require.Empty(t, errs)
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(f.Pos.Filename), f.Pos.Line, f.Message))
	}
	slices.Sort(got)
	require.Equal(t, []string{
		"leaky.go:11 calls Open",
		"leaky.go:20 calls New",
		"leaky.go:27 calls Open",
		"leaky.go:3 sees example.com/gate/errors example.com/gate/leaky example.com/gate/os",
	}, got)
	// Every package was analysed once: leaky and the two it imports.
	require.Len(t, times.runs, 3)
}

func TestStreamPanicIsAnError(t *testing.T) {
	roots := loadGate(t, "./leaky")
	var times timings
	findings, errs := analyzeStream([]*analysis.Analyzer{panicker, marker}, roots, &times)
	require.Len(t, errs[roots[0]], 1)
	require.Contains(t, errs[roots[0]][0].Error(), "panicker@example.com/gate/leaky: panic: unexpected shape")
	require.Len(t, findings, 4, "the other analyzer still ran")
}

func TestStreamTypeErrors(t *testing.T) {
	roots := loadGate(t, "./broken")
	var times timings
	findings, errs := analyzeStream([]*analysis.Analyzer{marker}, roots, &times)
	require.Empty(t, findings)
	require.Contains(t, errs[roots[0]][0].Error(), "analysis skipped due to errors in package")
	require.Len(t, roots[0].Errors, 1)
	require.Contains(t, roots[0].Errors[0].Error(), `broken.go:4:28: cannot use "not an int"`)
}

// TestDropBodyScopes: once a package's function bodies' scopes are
// dropped, the package's own scope and signatures stay whole and a
// package importing it still type-checks.
func TestDropBodyScopes(t *testing.T) {
	fset := token.NewFileSet()
	check := func(path, src string, imp types.Importer) *types.Package {
		f, err := parser.ParseFile(fset, path+".go", src, 0)
		require.NoError(t, err)
		pkg, err := (&types.Config{Importer: imp}).Check(path, fset, []*ast.File{f}, nil)
		require.NoError(t, err)
		return pkg
	}
	dep := check("dep", `package dep
type T struct{ N int }
func New(n int) *T { if n > 0 { m := n * 2; return &T{m} }; return nil }
func (t *T) Get() int { x := t.N; return x }`, importer.Default())
	fn := dep.Scope().Lookup("New").(*types.Func)
	require.Positive(t, fn.Scope().NumChildren())
	require.True(t, childrenFieldOK, "go/types' Scope layout changed; memory is no longer trimmed")

	dropBodyScopes(dep)
	require.Zero(t, fn.Scope().NumChildren())
	require.NotNil(t, fn.Scope().Lookup("n"), "the parameters stay")
	require.Equal(t, []string{"New", "T"}, dep.Scope().Names())

	user := check("user", `package user
import "dep"
func Use() int { return dep.New(1).Get() }`, importerFunc(func(string) (*types.Package, error) { return dep, nil }))
	require.Equal(t, "func user.Use() int", user.Scope().Lookup("Use").String())
	require.Equal(t, reflect.TypeFor[*types.Func](), reflect.TypeOf(user.Scope().Lookup("Use")))
}
