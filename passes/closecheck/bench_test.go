package closecheck_test

import (
	"testing"

	"github.com/leaklint/leaklint/internal/benchgen"
	"github.com/leaklint/leaklint/passes/closecheck"
)

// The benchmarks run closecheck (with the summaries and SSA it requires) on
// generated packages that grow along one dimension each, for N from 10 to
// 10,000 (see internal/benchgen); eval/exponent.sh turns `go test -bench`
// output into the measured exponent.

func BenchmarkCloseCheck(b *testing.B) {
	benchgen.Closer.Bench(b, benchgen.OneFinding(closecheck.Analyzer))
}

// BenchmarkFloor builds SSA for the same inputs and does nothing else.
func BenchmarkFloor(b *testing.B) { benchgen.Closer.Bench(b, benchgen.Floor) }

// TestBenchmarkShapes checks that every generated shape leaks exactly
// once, so the benchmarks measure a working analysis.
func TestBenchmarkShapes(t *testing.T) { benchgen.Closer.CheckShapes(t, closecheck.Analyzer) }
