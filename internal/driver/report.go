package driver

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// report filters the findings (changed lines, baseline), writes them in
// the chosen format, and returns how many were reported.
func (r *run) report(all []*Finding) (int, error) {
	wd, err := os.Getwd()
	if err != nil {
		return 0, err
	}
	root := repoRoot(wd)
	src := sources{}
	fps := fingerprints(all, root, src) // over every finding: stable occurrence numbers
	if r.baseline != "" && (r.writeBaseline || !exists(r.baseline)) {
		if err := writeBaseline(r.baseline, all, fps, root); err != nil {
			return 0, err
		}
		fmt.Fprintf(r.stderr, "leaklint: wrote %d findings to baseline %s\n", len(all), r.baseline)
		return 0, nil
	}
	keep := make([]bool, len(all))
	for i := range keep {
		keep[i] = true
	}
	if r.newFromRev != "" {
		ch, err := gitChanges(wd, r.newFromRev)
		if err != nil {
			return 0, err
		}
		for i, f := range all {
			keep[i] = keep[i] && ch.covers(f)
		}
	}
	if r.baseline != "" {
		known, err := readBaseline(r.baseline)
		if err != nil {
			return 0, err
		}
		for i := range all {
			keep[i] = keep[i] && !known[fps[i]]
		}
	}
	var fs []*Finding
	var kept []string
	for i, f := range all {
		if keep[i] {
			fs = append(fs, f)
			kept = append(kept, fps[i])
		}
	}
	return len(fs), r.write(fs, kept, root, src)
}

func (r *run) write(fs []*Finding, fps []string, root string, src sources) error {
	if r.sarifFile != "" {
		out, err := os.Create(r.sarifFile)
		if err != nil {
			return err
		}
		err = writeSARIF(out, r.analyzers, fs, fps, root, version(), src)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	switch r.format {
	case "sarif":
		return writeSARIF(r.stdout, r.analyzers, fs, fps, root, version(), src)
	case "json":
		return writeJSON(r.stdout, fs)
	}
	for _, f := range fs {
		fmt.Fprintf(r.stderr, "%s: %s\n", f.Pos, f.Message)
		if r.contextLines >= 0 {
			for n := f.Pos.Line - r.contextLines; n <= f.Pos.Line+r.contextLines; n++ {
				if line := src.line(f.Pos.Filename, n); n >= 1 && n <= len(src.lines(f.Pos.Filename)) {
					fmt.Fprintf(r.stderr, "%d\t%s\n", n, line)
				}
			}
		}
	}
	return nil
}

// jsonDiagnostic is the multichecker's JSON form of a diagnostic, so that
// tools reading `leaklint -json` need not change.
type jsonDiagnostic struct {
	Posn    string        `json:"posn"`
	End     string        `json:"end,omitempty"`
	Message string        `json:"message"`
	Related []jsonRelated `json:"related,omitempty"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// writeJSON writes the multichecker's tree: package ID, then pass, then
// the findings, each once.
func writeJSON(w io.Writer, fs []*Finding) error {
	tree := map[string]map[string][]jsonDiagnostic{}
	for _, f := range fs {
		d := jsonDiagnostic{Posn: f.Pos.String(), Message: f.Message}
		if f.End.IsValid() {
			d.End = f.End.String()
		}
		for _, rel := range f.Related {
			d.Related = append(d.Related, jsonRelated{Posn: rel.Pos.String(), Message: rel.Message})
		}
		if tree[f.Package] == nil {
			tree[f.Package] = map[string][]jsonDiagnostic{}
		}
		tree[f.Package][f.Pass] = append(tree[f.Package][f.Pass], d)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "\t")
	return enc.Encode(tree)
}

// repoRoot is the directory paths in reports are relative to: the git
// repository's top, else the nearest directory above dir with a go.mod,
// else dir.
func repoRoot(dir string) string {
	if root, err := gitRoot(dir); err == nil {
		return canonical(root)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if exists(filepath.Join(d, "go.mod")) {
			return canonical(d)
		}
		if filepath.Dir(d) == d {
			return canonical(dir)
		}
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
