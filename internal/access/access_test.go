package access_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/access"
	"github.com/leaklint/leaklint/internal/fixtures"
)

// TestFacts checks the summaries a package exports: what each method
// reads, assigns and closes, and constructors.
func TestFacts(t *testing.T) {
	analysistest.Run(t, fixtures.Dir(t), access.Analyzer, "snapshotguard/store")
}
