package lifecycle

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// cyclicTypes type-checks a package of n mutually recursive structs
// (T0..Tn-1, every one reachable from every other, as in generated API
// clients) holding only data, and a second cycle R0..R9 of which one
// member has a Close method.
func cyclicTypes(t testing.TB, n int) *types.Package {
	t.Helper()
	var src strings.Builder
	src.WriteString("package gen\n\n")
	for i := range n {
		fmt.Fprintf(&src, "type T%d struct {\n\tNext *T%d\n\tByName map[string]*T%d\n\tItems []T%d\n\tData []byte\n}\n\n",
			i, (i+1)%n, (i*7+3)%n, (i*13+5)%n)
	}
	for i := range 10 {
		fmt.Fprintf(&src, "type R%d struct {\n\tNext *R%d\n\tData *T0\n}\n\n", i, (i+1)%10)
	}
	src.WriteString("func (*R5) Close() error { return nil }\n\n")
	src.WriteString("type IntoR struct{ R *R0 }\n\ntype IntoT struct{ T *T0 }\n")
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "gen.go", src.String(), 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("gen", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func lookup(pkg *types.Package, name string) types.Type {
	return pkg.Scope().Lookup(name).Type()
}

func TestContainmentCycles(t *testing.T) {
	pkg := cyclicTypes(t, 200)
	cases := map[string]bool{
		"T0": false, "T117": false, "T199": false, // a data-only cycle
		"R0": true, "R2": true, "R5": true, "R9": true, // a cycle with one closer
		"IntoR": true, "IntoT": false,
	}
	// Ask in an order that enters the cycles at different members, after
	// other members were answered.
	for _, name := range []string{"T117", "R2", "IntoT", "T0", "R9", "IntoR", "R0", "R5", "T199"} {
		if got := mayContainResource(lookup(pkg, name)); got != cases[name] {
			t.Errorf("mayContainResource(%s) = %v, want %v", name, got, cases[name])
		}
	}
	// Every member of the data cycle was answered by the first query.
	for i := range 200 {
		key, _ := containKey(lookup(pkg, fmt.Sprintf("T%d", i)).(*types.Named))
		v, ok := containCache.Load(key)
		if !ok || v.(bool) {
			t.Fatalf("T%d: cached %v, %v; want false, cached", i, v, ok)
		}
	}
}

// BenchmarkContainmentCyclic asks about every type of a cyclic graph of N
// named types with an empty cache: linear in N when each component is
// explored once.
func BenchmarkContainmentCyclic(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			pkg := cyclicTypes(b, n)
			var all []types.Type
			for _, name := range pkg.Scope().Names() {
				all = append(all, lookup(pkg, name))
			}
			b.ResetTimer()
			for b.Loop() {
				containCache.Clear()
				for _, t := range all {
					mayContainResource(t)
				}
			}
		})
	}
}
