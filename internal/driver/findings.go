package driver

import (
	"cmp"
	"go/token"
	"slices"
)

// A Finding is one diagnostic of a pass, once: the same finding reported
// for a package and for its test variant ("p" and "p [p.test]") is kept
// once, under the first package that reported it.
type Finding struct {
	Pass    string
	Package string // the package ID that reported it
	Pos     token.Position
	End     token.Position // may be invalid
	Message string
	Related []Related
}

// Related is a finding's related location: another leaking exit.
type Related struct {
	Pos     token.Position
	Message string
}

// collect merges findings across test variants (a package and its test
// variant report the same finding) and sorts them by file, line and column.
func collect(all []*Finding) []*Finding {
	type key struct {
		pass, file, msg string
		line, col       int
	}
	seen := map[key]bool{}
	var out []*Finding
	for _, f := range all {
		k := key{f.Pass, f.Pos.Filename, f.Message, f.Pos.Line, f.Pos.Column}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b *Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column), cmp.Compare(a.Pass, b.Pass), cmp.Compare(a.Message, b.Message))
	})
	return out
}
