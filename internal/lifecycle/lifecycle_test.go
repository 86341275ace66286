package lifecycle_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// TestSummaries checks the inferred summaries, exported as facts.
func TestSummaries(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, lifecycle.Analyzer, "lifecycle/summaries")
}
