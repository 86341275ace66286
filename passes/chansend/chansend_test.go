package chansend_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/chansend"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCatalogue: senders are the leaks chansend must report, silent the
// shapes it must not.
func TestCatalogue(t *testing.T) {
	analysistest.Run(t, testdata(t), chansend.Analyzer, "chansend/senders", "chansend/silent")
}

// TestSuggestedFix checks the capacity given to a single sender's channel.
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), chansend.Analyzer, "chansend/fix")
}
