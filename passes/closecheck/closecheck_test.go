package closecheck_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/closecheck"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestIncidents(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer, "closecheck/incidents")
}

func TestPaths(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer, "closecheck/paths")
}

func TestHandOff(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer, "closecheck/handoff")
}

func TestStreams(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer, "closecheck/streams")
}

func TestFiles(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer, "closecheck/files")
}

func TestSuppressed(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer, "closecheck/suppressed")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), closecheck.Analyzer, "closecheck/fix")
}
