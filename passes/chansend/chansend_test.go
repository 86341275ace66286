package chansend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/fixtures"
	"github.com/leaklint/leaklint/passes/chansend"
)

// TestCatalogue: senders are the leaks chansend must report, silent the
// shapes it must not.
func TestCatalogue(t *testing.T) {
	analysistest.Run(t, fixtures.Dir(t), chansend.Analyzer, "chansend/senders", "chansend/silent", "chansend/locked", "chansend/signals", "chansend/stopping", "chansend/paths", "chansend/workers", "chansend/future", "chansend/futureuse", "chansend/feeders", "chansend/waiters", "chansend/crash")
}

// TestSuggestedFix checks the capacity given to a single sender's channel.
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixtures.Dir(t), chansend.Analyzer, "chansend/fix")
}
