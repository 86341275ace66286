package deferrelease_test

import (
	"testing"

	"github.com/leaklint/leaklint/internal/benchgen"
	"github.com/leaklint/leaklint/passes/deferrelease"
)

// The benchmarks run deferrelease on generated packages taking buffers
// from a pool, growing along one dimension each, for N from 10 to 10,000
// (see internal/benchgen); eval/exponent.sh gives the exponent.

func BenchmarkDeferRelease(b *testing.B) {
	benchgen.Pool.Bench(b, benchgen.OneFinding(deferrelease.Analyzer))
}

// BenchmarkFloor builds SSA for the same inputs and does nothing else.
func BenchmarkFloor(b *testing.B) { benchgen.Pool.Bench(b, benchgen.Floor) }

// TestBenchmarkShapes checks that every generated shape leaks exactly
// once, so the benchmarks measure a working analysis.
func TestBenchmarkShapes(t *testing.T) { benchgen.Pool.CheckShapes(t, deferrelease.Analyzer) }
