package driver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// A baseline is the findings a code base already had, so that a CI gate
// fails only on new ones. Entries match by fingerprint (pass, file,
// message without positions, the code around the finding), never by line
// number, so findings that only moved do not come back.
type baseline struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

// baselineEntry is one finding. Line and Message are for the reader; the
// match is by Fingerprint.
type baselineEntry struct {
	Pass        string `json:"pass"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

const baselineVersion = 1

func readBaseline(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, want %d (write it again with -write-baseline)", path, b.Version, baselineVersion)
	}
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	return known, nil
}

func writeBaseline(path string, fs []*Finding, fps []string, root string) error {
	b := baseline{Version: baselineVersion, Findings: []baselineEntry{}}
	for i, f := range fs {
		b.Findings = append(b.Findings, baselineEntry{
			Pass: f.Pass, File: relPath(root, f.Pos.Filename), Line: f.Pos.Line, Message: f.Message, Fingerprint: fps[i],
		})
	}
	slices.SortStableFunc(b.Findings, func(x, y baselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line))
	})
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
