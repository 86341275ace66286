package lifecycle_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/fixtures"
	"github.com/leaklint/leaklint/internal/lifecycle"
)

// TestSummaries checks the inferred summaries, exported as facts.
func TestSummaries(t *testing.T) {
	analysistest.Run(t, fixtures.Dir(t), lifecycle.Analyzer, "lifecycle/summaries")
}
