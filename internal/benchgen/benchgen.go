// Package benchgen generates packages that grow along one dimension, for
// benchmarks that check a pass's cost grows about linearly: a function with
// N sequential acquire / if-err-return blocks, N nested branches, a loop
// with N exits, N functions. Every generated package leaks exactly once,
// so each benchmark iteration also checks that the pass still finds it.
package benchgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"
)

// A Pair says how generated code acquires and releases a resource. The
// formats take the variable name (and, for Acquire, an int).
type Pair struct {
	// Prelude declares what the shapes use; it imports nothing, so the
	// measurement is the generated package's, not its dependencies'.
	Prelude string
	Acquire string // "%s, err := open(%d)"
	Release string // "%s.Close()"
	Use     string // "%s.Ping()"
}

// Closer is a type with Close, opened by a constructor.
var Closer = Pair{
	Prelude: `package gen

type Conn struct{ closed bool }

type openError struct{}

func (*openError) Error() string { return "negative" }

func open(i int) (*Conn, error) {
	if i < 0 {
		return nil, &openError{}
	}
	return &Conn{}, nil
}

func (c *Conn) Close() error { c.closed = true; return nil }
func (c *Conn) Ping() error  { return nil }

`,
	Acquire: "%s, err := open(%d)",
	Release: "%s.Close()",
	Use:     "%s.Ping()",
}

// Pool is a budgeted pool with Get(size) (T, error) and Put(T).
var Pool = Pair{
	Prelude: `package gen

type Buf struct{ b []byte }

type Pool struct{ budget int }

type poolError struct{}

func (*poolError) Error() string { return "exhausted" }

var pool = &Pool{budget: 1 << 30}

func (p *Pool) Get(n int) (*Buf, error) {
	if n > p.budget {
		return nil, &poolError{}
	}
	p.budget -= n
	return &Buf{b: make([]byte, n)}, nil
}

func (p *Pool) Put(b *Buf) { p.budget += len(b.b) }

func (b *Buf) Ping() error { return nil }

`,
	Acquire: "%s, err := pool.Get(%d)",
	Release: "pool.Put(%s)",
	Use:     "%s.Ping()",
}

// Shapes are the generated shapes, by name.
var Shapes = []string{"Sequential", "Nested", "LoopExits", "Functions"}

// Source returns the package for shape at size n.
func (p Pair) Source(shape string, n int) string {
	acq := func(v string, i int) string { return fmt.Sprintf(p.Acquire, v, i) }
	rel := func(v string) string { return fmt.Sprintf(p.Release, v) }
	use := func(v string) string { return fmt.Sprintf(p.Use, v) }
	var b strings.Builder
	b.WriteString(p.Prelude)
	switch shape {
	case "Sequential": // n acquisitions, each released by defer but the last
		b.WriteString("func f() error {\n")
		for i := range n {
			v := fmt.Sprintf("c%d", i)
			fmt.Fprintf(&b, "\t%s\n\tif err != nil {\n\t\treturn err\n\t}\n", acq(v, i))
			if i < n-1 {
				fmt.Fprintf(&b, "\tdefer %s\n", rel(v))
			} else {
				fmt.Fprintf(&b, "\t%s\n", use(v))
			}
		}
		b.WriteString("\treturn nil\n}\n")
	case "Nested": // n early returns that release; the fall-through does not
		fmt.Fprintf(&b, "func f(v []bool) error {\n\t%s\n\tif err != nil {\n\t\treturn err\n\t}\n", acq("c", 0))
		for i := range n {
			fmt.Fprintf(&b, "if v[%d] {\n\t%s\n\treturn nil\n}\n", i, rel("c"))
		}
		b.WriteString("\treturn nil\n}\n")
	case "LoopExits": // n exits (continue, break, return) that release; the end of an iteration does not
		fmt.Fprintf(&b, "func f(xs []int) error {\nloop:\n\tfor _, x := range xs {\n\t\t%s\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tswitch x {\n", acq("c", 1))
		exits := []string{"continue", "break loop", "return nil"}
		for i := range n {
			fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\t%s\n\t\t\t%s\n", i, rel("c"), exits[i%3])
		}
		fmt.Fprintf(&b, "\t\t}\n\t\t%s\n\t}\n\treturn nil\n}\n", use("c"))
	case "Functions": // n functions releasing by defer; one does not
		for i := range n {
			release := "defer " + rel("c")
			if i == 0 {
				release = "_ = c"
			}
			fmt.Fprintf(&b, "func f%d() error {\n\t%s\n\tif err != nil {\n\t\treturn err\n\t}\n\t%s\n\treturn %s\n}\n", i, acq("c", i), release, use("c"))
		}
	default:
		panic("benchgen: no shape " + shape)
	}
	return b.String()
}

// Bench times run on every shape and size, N from 10 to 10,000; loading
// and type-checking are not timed.
func (p Pair) Bench(b *testing.B, run func(*testing.B, []*packages.Package)) {
	Bench(b, p.Source, run)
}

// Bench times run on the packages src generates for every shape and size.
func Bench(b *testing.B, src func(shape string, n int) string, run func(*testing.B, []*packages.Package)) {
	BenchShapes(b, Shapes, src, run)
}

// BenchShapes is Bench on a pass's own shapes.
func BenchShapes(b *testing.B, shapes []string, src func(shape string, n int) string, run func(*testing.B, []*packages.Package)) {
	for _, shape := range shapes {
		for _, n := range []int{10, 100, 1000, 10000} {
			b.Run(fmt.Sprintf("%s/N=%d", shape, n), func(b *testing.B) {
				pkgs := Load(b, src(shape, n))
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					run(b, pkgs)
				}
			})
		}
	}
}

// Floor builds SSA and nothing else: what any SSA-based pass pays.
func Floor(b *testing.B, pkgs []*packages.Package) {
	if _, err := checker.Analyze([]*analysis.Analyzer{buildssa.Analyzer}, pkgs, &checker.Options{Sequential: true}); err != nil {
		b.Fatal(err)
	}
}

// Load writes src as the only file of a module and loads it.
func Load(tb testing.TB, src string) []*packages.Package {
	tb.Helper()
	dir := tb.TempDir()
	for name, content := range map[string]string{
		"go.mod": "module gen\n\ngo 1.26\n",
		"gen.go": src,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("generated package does not type-check")
	}
	return pkgs
}

// Findings runs a and returns how many diagnostics it reports on pkgs.
func Findings(tb testing.TB, a *analysis.Analyzer, pkgs []*packages.Package) int {
	tb.Helper()
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{Sequential: true})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for act := range graph.All() {
		if act.IsRoot {
			if act.Err != nil {
				tb.Fatal(act.Err)
			}
			n += len(act.Diagnostics)
		}
	}
	return n
}

// OneFinding is the run of a benchmark whose every input has exactly one
// finding by a: it fails when the analysis stops working.
func OneFinding(a *analysis.Analyzer) func(*testing.B, []*packages.Package) {
	return func(b *testing.B, pkgs []*packages.Package) {
		if got := Findings(b, a, pkgs); got != 1 {
			b.Fatalf("%d findings, want 1", got)
		}
	}
}

// CheckShapes checks, at a small size, that every shape is valid Go on
// which a reports exactly one finding.
func (p Pair) CheckShapes(t *testing.T, a *analysis.Analyzer) { CheckShapes(t, p.Source, a) }

// CheckShapes checks that every shape src generates is valid Go on which a
// reports exactly one finding.
func CheckShapes(t *testing.T, src func(shape string, n int) string, a *analysis.Analyzer) {
	CheckOwnShapes(t, Shapes, src, a)
}

// CheckOwnShapes is CheckShapes on a pass's own shapes.
func CheckOwnShapes(t *testing.T, shapes []string, src func(shape string, n int) string, a *analysis.Analyzer) {
	for _, shape := range shapes {
		if got := Findings(t, a, Load(t, src(shape, 20))); got != 1 {
			t.Errorf("%s: %d findings, want 1", shape, got)
		}
	}
}
