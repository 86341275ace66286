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

// TestCatalogue runs every case package in one load, so that the standard
// library packages they import are analysed once. Each package holds one
// family of shapes, one case per file:
//
//	incidents   the three production incidents and their fixes
//	paths       which paths reach an exit still holding the resource
//	handoff     when ownership leaves the function, and when it only seems to
//	streams     gRPC connections and client streams
//	files       os files, wrappers over them, false positives seen on std
//	wrappers    values whose Close releases nothing the caller owns
//	suppressed  //nolint, //lint:ignore and generated files
func TestCatalogue(t *testing.T) {
	analysistest.Run(t, testdata(t), closecheck.Analyzer,
		"closecheck/incidents",
		"closecheck/paths",
		"closecheck/handoff",
		"closecheck/streams",
		"closecheck/files",
		"closecheck/wrappers",
		"closecheck/suppressed",
	)
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), closecheck.Analyzer, "closecheck/fix")
}
