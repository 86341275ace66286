package closecheck_test

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

	"github.com/leaklint/leaklint/passes/closecheck"
)

// The benchmarks run closecheck (with the summaries and SSA it requires) on
// generated packages that grow along one dimension each, for N from 10 to
// 10,000. Time and allocations should grow about linearly in N;
// eval/exponent.sh turns `go test -bench` output into the measured exponent.
//
// Each generated package leaks exactly once, so every iteration also
// checks that the analysis still finds what it should.

// shapes generate the body of a package for size n.
var shapes = map[string]func(n int) string{
	// n acquisitions in one function, each followed by an error return
	// and a deferred close; the last one is never closed.
	"Sequential": func(n int) string {
		var b strings.Builder
		b.WriteString("func f() error {\n")
		for i := range n {
			fmt.Fprintf(&b, "\tc%d, err := open(%d)\n\tif err != nil {\n\t\treturn err\n\t}\n", i, i)
			if i < n-1 {
				fmt.Fprintf(&b, "\tdefer c%d.Close()\n", i)
			} else {
				fmt.Fprintf(&b, "\tc%d.Ping()\n", i)
			}
		}
		b.WriteString("\treturn nil\n}\n")
		return b.String()
	},
	// One acquisition, then n nested branches, each returning early with
	// the connection closed; the innermost forgets it.
	"Nested": func(n int) string {
		var b strings.Builder
		b.WriteString("func f(v []bool) error {\n\tc, err := open(0)\n\tif err != nil {\n\t\treturn err\n\t}\n")
		for i := range n {
			fmt.Fprintf(&b, "if v[%d] {\n\tc.Close()\n\treturn nil\n}\n", i)
		}
		b.WriteString("\treturn nil\n}\n")
		return b.String()
	},
	// A loop with n exits (continue, break, return), each closing the
	// iteration's connection; falling through at the end forgets it.
	"LoopExits": func(n int) string {
		var b strings.Builder
		b.WriteString("func f(xs []int) error {\n\tfor _, x := range xs {\n\t\tc, err := open(x)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tswitch x {\n")
		exits := []string{"continue", "break", "return nil"}
		for i := range n {
			fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\tc.Close()\n\t\t\t%s\n", i, exits[i%3])
		}
		b.WriteString("\t\t}\n\t\tc.Ping()\n\t}\n\treturn nil\n}\n")
		return b.String()
	},
	// n functions, each acquiring and closing by defer; one leaks.
	"Functions": func(n int) string {
		var b strings.Builder
		for i := range n {
			closeIt := "defer c.Close()"
			if i == 0 {
				closeIt = "_ = c"
			}
			fmt.Fprintf(&b, "func f%d() error {\n\tc, err := open(%d)\n\tif err != nil {\n\t\treturn err\n\t}\n\t%s\n\treturn c.Ping()\n}\n", i, i, closeIt)
		}
		return b.String()
	},
}

// The prelude imports nothing, so the measurement is the generated
// package's, not the standard library's facts.
const benchPrelude = `package gen

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

`

func BenchmarkCloseCheck(b *testing.B) {
	benchShapes(b, func(b *testing.B, pkgs []*packages.Package) {
		if got := countFindings(b, pkgs); got != 1 {
			b.Fatalf("%d findings, want 1", got)
		}
	})
}

// BenchmarkFloor builds SSA for the same inputs and does nothing else:
// what any SSA-based analyzer pays, to compare closecheck's cost with.
func BenchmarkFloor(b *testing.B) {
	benchShapes(b, func(b *testing.B, pkgs []*packages.Package) {
		if _, err := checker.Analyze([]*analysis.Analyzer{buildssa.Analyzer}, pkgs, &checker.Options{Sequential: true}); err != nil {
			b.Fatal(err)
		}
	})
}

// benchShapes times run on every shape and size; loading is not timed.
func benchShapes(b *testing.B, run func(*testing.B, []*packages.Package)) {
	for _, shape := range []string{"Sequential", "Nested", "LoopExits", "Functions"} {
		for _, n := range []int{10, 100, 1000, 10000} {
			b.Run(fmt.Sprintf("%s/N=%d", shape, n), func(b *testing.B) {
				pkgs := loadGenerated(b, benchPrelude+shapes[shape](n))
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					run(b, pkgs)
				}
			})
		}
	}
}

// TestBenchmarkShapes checks, at a small size, that every generated shape
// is valid Go that leaks exactly once, so the benchmarks measure a working
// analysis.
func TestBenchmarkShapes(t *testing.T) {
	for shape, gen := range shapes {
		pkgs := loadGenerated(t, benchPrelude+gen(20))
		if got := countFindings(t, pkgs); got != 1 {
			t.Errorf("%s: %d findings, want 1", shape, got)
		}
	}
}

func loadGenerated(tb testing.TB, src string) []*packages.Package {
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

func countFindings(tb testing.TB, pkgs []*packages.Package) int {
	tb.Helper()
	graph, err := checker.Analyze([]*analysis.Analyzer{closecheck.Analyzer}, pkgs, &checker.Options{Sequential: true})
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
