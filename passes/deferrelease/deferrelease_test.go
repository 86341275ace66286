package deferrelease_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/fixtures"
	"github.com/leaklint/leaklint/passes/deferrelease"
)

// TestCatalogue runs every case package in one load. Each package holds
// one family of shapes:
//
//	pools    sync.Pool, a budgeted byte pool, a pool behind an interface,
//	         getBuf/putBuf wrappers from another package
//	refs     Retain/Release on snapshots, a method lending a retained one
//	permits  semaphore Acquire, TryAcquire and weights
func TestCatalogue(t *testing.T) {
	analysistest.Run(t, fixtures.Dir(t), deferrelease.Analyzer,
		"deferrelease/pools",
		"deferrelease/refs",
		"deferrelease/permits",
	)
}

// TestSuggestedFix checks the deferred release added after the
// acquisition and the explicit releases removed.
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixtures.Dir(t), deferrelease.Analyzer, "deferrelease/fix")
}

// TestDeclaredPairs checks pairs given in the configuration.
func TestDeclaredPairs(t *testing.T) {
	a := deferrelease.New(deferrelease.Config{Pairs: []deferrelease.Pair{
		{Acquire: "(*deferrelease/declared.Arena).Alloc", Release: "Free"},
		{Acquire: "deferrelease/declared.Page.Pin", Release: "Unpin"},
	}})
	analysistest.Run(t, fixtures.Dir(t), a, "deferrelease/declared")
}

// TestPairsFlag checks the flag's syntax errors.
func TestPairsFlag(t *testing.T) {
	a := deferrelease.New(deferrelease.Config{})
	for _, bad := range []string{"Get", "(*pkg.T).Get=", "pkg=Put", "(*a/b.T).Get=Put Back"} {
		if err := a.Flags.Set("pairs", bad); err == nil {
			t.Errorf("-pairs=%q: no error", bad)
		}
	}
	if err := a.Flags.Set("pairs", "(*example.com/pool.Bytes).Get=Put, example.com/snap.Snap.Pin=Unpin"); err != nil {
		t.Errorf("valid pairs: %v", err)
	}
}
