package snapshotguard_test

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/fixtures"
	"github.com/leaklint/leaklint/passes/snapshotguard"
)

// TestCatalogue: master, hashi, dragon, etcdlike and shapes hold the races
// snapshotguard must report (with the store in a package of its own, so
// that the writes reach the state machine as facts); safe holds the shapes
// it must not; annotated, the annotations that override the inference.
func TestCatalogue(t *testing.T) {
	analysistest.Run(t, fixtures.Dir(t), snapshotguard.Analyzer,
		"snapshotguard/master", "snapshotguard/hashi", "snapshotguard/dragon", "snapshotguard/etcdlike",
		"snapshotguard/safe", "snapshotguard/annotated", "snapshotguard/shapes")
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

// TestOneFindingPerRace: the three readers of the store handle that
// ApplySnapshot replaces give one finding, at the first read, with the
// write and the two other readers as related information.
func TestOneFindingPerRace(t *testing.T) {
	results := analysistest.Run(fixtures.Quiet{T: t}, fixtures.Dir(t), snapshotguard.Analyzer, "snapshotguard/master")
	require.NotEmpty(t, results)
	for _, r := range results { // the package and its test variant
		if r.Pass.Pkg.Path() != "snapshotguard/master" {
			continue // the test main
		}
		var got []string
		for _, d := range r.Diagnostics {
			if !strings.Contains(d.Message, "s.db") {
				continue
			}
			got = append(got, position(r.Pass.Fset, d.Pos))
			for _, rel := range d.Related {
				got = append(got, position(r.Pass.Fset, rel.Pos)+" "+rel.Message)
			}
		}
		assert.Equal(t, []string{
			"master.go:40",
			"master.go:33 the other access",
			"master.go:49 (*IDAllocator).Next also reads it",
			"master.go:58 (*server).handleGet also reads it",
		}, got, r.Pass.Pkg.Path())
	}
}

func position(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
