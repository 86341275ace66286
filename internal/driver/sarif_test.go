package driver_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leaklint/leaklint/internal/driver"
)

// sarifDoc is what GitHub code scanning reads of a SARIF file.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, InformationURI string
				Rules                []struct {
					ID                                      string
					ShortDescription, FullDescription, Help struct{ Text string }
					HelpURI                                 string
				}
			}
		}
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		ColumnKind         string
		Results            []sarifResult
	}
}

type sarifResult struct {
	RuleID    string
	RuleIndex int
	Level     string
	Message   struct{ Text string }
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string
				URIBaseID string `json:"uriBaseId"`
			}
			Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
		}
	}
	RelatedLocations []struct {
		ID               int
		Message          struct{ Text string }
		PhysicalLocation struct {
			ArtifactLocation struct{ URI string }
			Region           struct{ StartLine int }
		}
	}
	PartialFingerprints map[string]string
}

func sarif(t *testing.T, dir string, args ...string) sarifDoc {
	t.Helper()
	r := leaklint(t, dir, append([]string{"-format=sarif"}, args...)...)
	if r.code != driver.ExitFindings {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var doc sarifDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	return doc
}

// TestSARIF checks every field code scanning needs, on a package whose
// test variant reports the same findings again.
func TestSARIF(t *testing.T) {
	doc := sarif(t, fixture(t), "./twice")
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-2.1.0") || len(doc.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "leaklint" || run.Tool.Driver.InformationURI == "" || run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("driver %+v, columnKind %q", run.Tool.Driver, run.ColumnKind)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("%%SRCROOT%% = %q", base)
	}
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.HelpURI == "" {
			t.Errorf("rule %s: %+v", r.ID, r)
		}
	}
	if got := strings.Join(ids, ","); got != "closecheck,deferrelease,chansend,snapshotguard" {
		t.Errorf("rules %s", got)
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2 (test variants merged)", len(run.Results))
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		if res.RuleID != "closecheck" || ids[res.RuleIndex] != res.RuleID || res.Level != "warning" || !strings.HasPrefix(res.Message.Text, "closecheck: ") {
			t.Errorf("result %+v", res)
		}
		// Relative to the repository's top: this checkout's root, or the
		// fixture module's when the checkout is not a git repository.
		uri := loc.ArtifactLocation.URI
		if uri != "internal/driver/testdata/gate/twice/twice.go" && uri != "twice/twice.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("uri %+v", loc.ArtifactLocation)
		}
		if reg := loc.Region; reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine != reg.StartLine || reg.EndColumn <= reg.StartColumn {
			t.Errorf("region %+v", reg)
		}
		if fp := res.PartialFingerprints["primaryLocationLineHash"]; len(fp) < 16 || fp != res.PartialFingerprints["leaklint/v1"] {
			t.Errorf("fingerprints %v", res.PartialFingerprints)
		}
	}
	first := run.Results[0]
	if reg := first.Locations[0].PhysicalLocation.Region; reg.StartLine != 11 || reg.StartColumn != 19 || reg.EndColumn != 25 {
		t.Errorf("first region %+v, want line 11, columns 19 to 25: the call's (name)", reg)
	}
	if len(first.RelatedLocations) != 1 || first.RelatedLocations[0].PhysicalLocation.Region.StartLine != 20 ||
		first.RelatedLocations[0].ID != 1 || first.RelatedLocations[0].Message.Text == "" {
		t.Errorf("related %+v, want the return at line 20", first.RelatedLocations)
	}
}

// TestSARIFFingerprints: the fingerprints survive lines added above the
// findings, and change when the code of a finding's line does.
func TestSARIFFingerprints(t *testing.T) {
	dir := copyFixture(t)
	before := sarif(t, dir, "./leaky").Runs[0].Results
	src := filepath.Join(dir, "leaky", "leaky.go")
	insertLines(t, src, 4)
	after := sarif(t, dir, "./leaky").Runs[0].Results
	for i := range before {
		b, a := before[i], after[i]
		if a.Locations[0].PhysicalLocation.Region.StartLine != b.Locations[0].PhysicalLocation.Region.StartLine+4 {
			t.Errorf("result %d did not move", i)
		}
		if a.PartialFingerprints["leaklint/v1"] != b.PartialFingerprints["leaklint/v1"] {
			t.Errorf("result %d: fingerprint changed with the line number", i)
		}
	}
	if before[0].PartialFingerprints["leaklint/v1"] == before[1].PartialFingerprints["leaklint/v1"] {
		t.Error("two findings share a fingerprint")
	}
	data, _ := os.ReadFile(src)
	write(t, src, strings.Replace(string(data), "f, err := os.Open(name)\n\treturn", "f, err := os.Open(name + \"\")\n\treturn", 1))
	edited := sarif(t, dir, "./leaky").Runs[0].Results
	if edited[1].PartialFingerprints["leaklint/v1"] == after[1].PartialFingerprints["leaklint/v1"] {
		t.Error("fingerprint unchanged after its line was edited")
	}
}

// TestSARIFFile: -sarif FILE writes the report beside the text output.
func TestSARIFFile(t *testing.T) {
	dir := copyFixture(t)
	r := leaklint(t, dir, "-sarif=out.sarif", "./leaky")
	if r.code != driver.ExitFindings || !strings.Contains(r.stderr, "closecheck:") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.sarif"))
	var doc sarifDoc
	if err != nil || json.Unmarshal(data, &doc) != nil || len(doc.Runs[0].Results) != 2 {
		t.Fatalf("out.sarif: %v\n%s", err, data)
	}
	// Outside a git repository, paths are relative to the module root.
	if uri := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "leaky/leaky.go" {
		t.Errorf("uri %q", uri)
	}
}
