package snapshotguard_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/fixtures"
	"github.com/leaklint/leaklint/passes/snapshotguard"
)

// TestCatalogue: master, hashi, dragon and etcdlike hold the races
// snapshotguard must report (with the store in a package of its own, so
// that the writes reach the state machine as facts); safe holds the shapes
// it must not; annotated, the annotations that override the inference.
func TestCatalogue(t *testing.T) {
	analysistest.Run(t, fixtures.Dir(t), snapshotguard.Analyzer,
		"snapshotguard/master", "snapshotguard/hashi", "snapshotguard/dragon", "snapshotguard/etcdlike",
		"snapshotguard/safe", "snapshotguard/annotated")
}

// TestFuncsFlag: a writer named by the configuration.
func TestFuncsFlag(t *testing.T) {
	a := snapshotguard.New(snapshotguard.Config{})
	if err := a.Flags.Set("funcs", "(*snapshotguard/configured.Cache).Swap"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, fixtures.Dir(t), a, "snapshotguard/configured")
}

// TestFuncsFlagSyntax checks the flag's errors and accepted forms.
func TestFuncsFlagSyntax(t *testing.T) {
	a := snapshotguard.New(snapshotguard.Config{})
	for _, bad := range []string{"a b", "pkg/path", "x.y.z.w", "p/q.1x"} {
		if err := a.Flags.Set("funcs", bad); err == nil {
			t.Errorf("-funcs=%q: no error", bad)
		}
	}
	if err := a.Flags.Set("funcs", "Reload, Cache.Swap, example.com/p.Cache.Swap, (*example.com/p.Cache).Swap, example.com/p.Reload"); err != nil {
		t.Errorf("good list refused: %v", err)
	}
}

// TestUnconfigured: without the flag, Swap is no writer and nothing is
// reported: the finding of TestFuncsFlag comes from the configuration.
func TestUnconfigured(t *testing.T) {
	results := analysistest.Run(fixtures.Quiet{T: t}, fixtures.Dir(t), snapshotguard.New(snapshotguard.Config{}), "snapshotguard/configured")
	for _, r := range results {
		if len(r.Diagnostics) != 0 {
			t.Errorf("unconfigured: %d findings, want 0", len(r.Diagnostics))
		}
	}
}
