package closecheck_test

import (
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/leaklint/leaklint/internal/benchgen"
	"github.com/leaklint/leaklint/passes/closecheck"
)

// The benchmarks run closecheck (with the summaries and SSA it requires) on
// generated packages that grow along one dimension each, for N from 10 to
// 10,000 (see internal/benchgen); eval/exponent.sh turns `go test -bench`
// output into the measured exponent.

func BenchmarkCloseCheck(b *testing.B) {
	benchgen.Closer.Bench(b, func(b *testing.B, pkgs []*packages.Package) {
		if got := benchgen.Findings(b, closecheck.Analyzer, pkgs); got != 1 {
			b.Fatalf("%d findings, want 1", got)
		}
	})
}

// BenchmarkFloor builds SSA for the same inputs and does nothing else.
func BenchmarkFloor(b *testing.B) { benchgen.Closer.Bench(b, benchgen.Floor) }

// TestBenchmarkShapes checks that every generated shape leaks exactly
// once, so the benchmarks measure a working analysis.
func TestBenchmarkShapes(t *testing.T) { benchgen.Closer.CheckShapes(t, closecheck.Analyzer) }
