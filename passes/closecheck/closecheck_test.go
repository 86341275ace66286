package closecheck_test

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/fixtures"
	"github.com/leaklint/leaklint/passes/closecheck"
)

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
//	responses   HTTP responses, released by closing their Body
func TestCatalogue(t *testing.T) {
	results := analysistest.Run(t, fixtures.Dir(t), closecheck.Analyzer,
		"closecheck/incidents",
		"closecheck/paths",
		"closecheck/handoff",
		"closecheck/streams",
		"closecheck/files",
		"closecheck/wrappers",
		"closecheck/suppressed",
		"closecheck/responses",
	)
	checkRelated(t, results)
}

// checkRelated checks that the backup controller's finding names its first
// leaking return and lists the four other error returns as related.
func checkRelated(t *testing.T, results []*analysistest.Result) {
	for _, r := range results {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			if filepath.Base(p.Filename) != "backup_controller.go" || p.Line != 58 {
				continue
			}
			var lines []int
			for _, rel := range d.Related {
				lines = append(lines, r.Pass.Fset.Position(rel.Pos).Line)
			}
			if want := []int{67, 71, 74, 77}; !slices.Equal(lines, want) {
				t.Errorf("related lines = %v, want %v", lines, want)
			}
			return
		}
	}
	t.Error("no finding for the backup controller's proxy")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixtures.Dir(t), closecheck.Analyzer, "closecheck/fix")
}

// TestCgo checks a cgo package, whose files the analyzer sees as cmd/cgo's
// generated output. It needs a C compiler, which a machine with only Go
// may lack.
func TestCgo(t *testing.T) {
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	fields := strings.Fields(string(out))
	if err != nil || len(fields) < 2 || fields[0] != "1" {
		t.Skip("cgo is disabled")
	}
	if _, err := exec.LookPath(fields[1]); err != nil {
		t.Skipf("no C compiler (%s): %v", fields[1], err)
	}
	analysistest.Run(t, fixtures.Dir(t), closecheck.Analyzer, "closecheck/cgo")
}

// TestConfiguredTypes checks a resource type that has no Close, named in
// the configuration with the methods that release it; and that without the
// setting the same package is silent.
func TestConfiguredTypes(t *testing.T) {
	a := closecheck.New(closecheck.Config{Types: []closecheck.ResourceType{{Type: "example.com/txdb.Txn", Release: []string{"Commit", "Rollback"}}}})
	analysistest.Run(t, fixtures.Dir(t), a, "closecheck/configured")
	results := analysistest.Run(fixtures.Quiet{T: t}, fixtures.Dir(t), closecheck.Analyzer, "closecheck/configured")
	if n := len(results[0].Diagnostics); n != 0 {
		t.Errorf("unconfigured: %d findings, want 0", n)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, bad := range []closecheck.Config{
		{ReleaseMethods: []string{"Close()"}},
		{Types: []closecheck.ResourceType{{Type: "Txn", Release: []string{"Commit"}}}},
		{Types: []closecheck.ResourceType{{Type: "example.com/txdb.Txn"}}},
		{Types: []closecheck.ResourceType{{Type: "example.com/txdb.Txn", Release: []string{"Commit it"}}}},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	good := closecheck.Config{ReleaseMethods: []string{"Close", "Stop"}, Types: []closecheck.ResourceType{{Type: "example.com/txdb.Txn", Release: []string{"Commit"}}}}
	if err := good.Validate(); err != nil {
		t.Errorf("%+v: %v", good, err)
	}
}
