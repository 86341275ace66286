package config

import (
	"fmt"
	"go/token"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"
)

// validate checks every pattern, pointing at the first bad one.
func (e Exclude) validate(val *yaml.Node) error {
	for i, p := range e.Paths {
		for _, seg := range strings.Split(p, "/") {
			if _, err := path.Match(seg, ""); err != nil || p == "" {
				return nodeError(lookup(val, fmt.Sprint("paths.", i)), "exclude.paths", fmt.Sprintf("bad pattern %q", p))
			}
		}
	}
	for i, p := range e.Packages {
		if p == "" || strings.ContainsAny(p, " *?[") {
			return nodeError(lookup(val, fmt.Sprint("packages.", i)), "exclude.packages", fmt.Sprintf("bad package path %q (want an import path, or path/... for a tree)", p))
		}
	}
	return nil
}

// excluder drops the findings the exclusions name.
type excluder struct {
	dir      string // the configuration file's directory
	paths    []string
	packages []string
}

func (f *File) excluder() *excluder {
	if len(f.Exclude.Paths) == 0 && len(f.Exclude.Packages) == 0 {
		return nil
	}
	return &excluder{dir: filepath.Dir(f.Path), paths: f.Exclude.Paths, packages: f.Exclude.Packages}
}

// wrap makes a run of a skip an excluded package and drop findings in
// excluded files. The pass still runs where its findings may be reported;
// the facts other packages need come from the engines it requires, which
// run regardless.
func (ex *excluder) wrap(a *analysis.Analyzer) *analysis.Analyzer {
	if ex == nil {
		return a
	}
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		if ex.excludedPackage(pass.Pkg.Path()) {
			return nil, nil
		}
		filtered := *pass
		filtered.Report = func(d analysis.Diagnostic) {
			if !ex.excludedFile(pass.Fset, d.Pos) {
				pass.Report(d)
			}
		}
		return run(&filtered)
	}
	return a
}

func (ex *excluder) excludedPackage(pkg string) bool {
	pkg = strings.TrimSuffix(pkg, "_test") // an external test package
	for _, p := range ex.packages {
		if tree, ok := strings.CutSuffix(p, "/..."); ok {
			if pkg == tree || strings.HasPrefix(pkg, tree+"/") {
				return true
			}
		} else if pkg == p {
			return true
		}
	}
	return false
}

func (ex *excluder) excludedFile(fset *token.FileSet, pos token.Pos) bool {
	if len(ex.paths) == 0 || !pos.IsValid() {
		return false
	}
	rel, err := filepath.Rel(ex.dir, fset.Position(pos).Filename)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false // outside the configuration's tree
	}
	rel = filepath.ToSlash(rel)
	for _, p := range ex.paths {
		if MatchPath(p, rel) {
			return true
		}
	}
	return false
}

// MatchPath reports whether the slash-separated relative path name, or a
// directory it lies in, matches pattern: path.Match for each segment, "**"
// for any number of segments (none included), and a pattern without "/"
// for a name at any depth, as in .gitignore. So "internal/gen",
// "internal/gen/" and "internal/gen/**" all cover every file below
// internal/gen, and "*_mock.go" every mock file.
func MatchPath(pattern, name string) bool {
	pattern = strings.TrimSuffix(pattern, "/")
	if !strings.Contains(pattern, "/") {
		pattern = "**/" + pattern
	}
	pat, segs := strings.Split(pattern, "/"), strings.Split(name, "/")
	for n := 1; n <= len(segs); n++ {
		if matchSegments(pat, segs[:n]) {
			return true
		}
	}
	return false
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
