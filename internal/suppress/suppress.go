// Package suppress filters a pass's diagnostics through the suppression
// comments every leaklint pass honours, and drops findings in generated
// files.
//
// Recognised directives (golangci-lint's range rules):
//
//	//nolint                       every linter
//	//nolint:closecheck,other      the named linters ("leaklint" and "all" match every pass)
//	//lint:ignore closecheck why   staticcheck's form; a reason is required
//
// A directive at the end of a line of code covers that line. A directive on
// a line of its own covers the statement or declaration that starts on the
// next line, all of it.
package suppress

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Reporter reports a pass's diagnostics unless they are suppressed.
type Reporter struct {
	pass  *analysis.Pass
	name  string
	files map[*token.File]*fileIndex // built lazily, on the first report
}

// For returns a Reporter for the pass named name.
func For(pass *analysis.Pass, name string) *Reporter {
	return &Reporter{pass: pass, name: name}
}

// Report reports d unless a directive or a generated file suppresses it.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if r.Suppressed(d.Pos) {
		return
	}
	r.pass.Report(d)
}

// Suppressed reports whether a finding at pos is silenced.
func (r *Reporter) Suppressed(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	idx := r.index(tf)
	if idx == nil {
		return false
	}
	if idx.generated && !translated(tf, r.pass.Fset.Position(pos)) {
		return true
	}
	if idx.spans == nil {
		idx.spans = directives(r.pass.Fset, idx.file)
	}
	line := r.pass.Fset.Position(pos).Line // as //line directives say, like the spans
	for _, span := range idx.spans {
		if span.from <= line && line <= span.to && span.covers(r.name) {
			return true
		}
	}
	return false
}

// translated reports a file that //line directives map back to another
// source file: cmd/cgo's output says "Code generated" but its code is the
// user's own.
func translated(tf *token.File, p token.Position) bool {
	return p.Filename != "" && p.Filename != tf.Name()
}

// Generated reports whether pos lies in a generated file that is not a
// translation of the user's source (see translated).
func (r *Reporter) Generated(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	idx := r.index(tf)
	return idx != nil && idx.generated && !translated(tf, r.pass.Fset.Position(pos))
}

// fileIndex is built in two steps: whether the file is generated (cheap,
// asked for every function) and its directives (a walk of the whole file,
// needed only once something is reported in it).
type fileIndex struct {
	file      *ast.File
	generated bool
	spans     []span // nil until needed; empty but non-nil when built
}

type span struct {
	from, to int
	linters  []string // empty: every linter
}

func (s span) covers(name string) bool {
	if len(s.linters) == 0 {
		return true
	}
	for _, l := range s.linters {
		if l == name || l == "leaklint" || l == "all" {
			return true
		}
	}
	return false
}

func (r *Reporter) index(tf *token.File) *fileIndex {
	if r.files == nil {
		r.files = make(map[*token.File]*fileIndex)
	}
	if idx, ok := r.files[tf]; ok {
		return idx
	}
	var idx *fileIndex
	for _, f := range r.pass.Files {
		if r.pass.Fset.File(f.FileStart) == tf {
			idx = &fileIndex{file: f, generated: ast.IsGenerated(f)}
			break
		}
	}
	r.files[tf] = idx
	return idx
}

// directives returns the spans the file's suppression directives cover.
func directives(fset *token.FileSet, f *ast.File) []span {
	spans := []span{}
	firstCol, nodeEnd := lineShape(fset, f)
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			linters, ok := parse(c.Text)
			if !ok {
				continue
			}
			p := fset.Position(c.Slash)
			s := span{from: p.Line, to: p.Line, linters: linters}
			if col, code := firstCol[p.Line]; !code || col > p.Column {
				// On a line of its own: cover the node on the next line.
				s.to = max(p.Line+1, nodeEnd[p.Line+1])
			}
			spans = append(spans, s)
		}
	}
	return spans
}

// lineShape returns, per line, the column of the first node starting on it,
// and the last line of the largest statement or declaration starting on it.
func lineShape(fset *token.FileSet, f *ast.File) (firstCol map[int]int, nodeEnd map[int]int) {
	firstCol, nodeEnd = make(map[int]int), make(map[int]int)
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, isComment := n.(*ast.CommentGroup); isComment {
			return false
		}
		start := fset.Position(n.Pos())
		if col, ok := firstCol[start.Line]; !ok || start.Column < col {
			firstCol[start.Line] = start.Column
		}
		switch n.(type) {
		case ast.Stmt, ast.Decl, ast.Spec, *ast.Field:
			end := fset.Position(n.End()).Line
			nodeEnd[start.Line] = max(nodeEnd[start.Line], end)
		}
		return true
	})
	return firstCol, nodeEnd
}

// parse reads a suppression directive; linters is empty for "every linter".
func parse(text string) (linters []string, ok bool) {
	text = strings.TrimPrefix(text, "//")
	switch {
	case strings.HasPrefix(text, "nolint"):
		rest := strings.TrimPrefix(text, "nolint")
		if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			return nil, true
		}
		if rest[0] != ':' {
			return nil, false
		}
		list, _, _ := strings.Cut(rest[1:], " ")
		for _, l := range strings.Split(list, ",") {
			if l = strings.TrimSpace(l); l != "" {
				linters = append(linters, l)
			}
		}
		return linters, len(linters) > 0
	case strings.HasPrefix(text, "lint:ignore "):
		fields := strings.Fields(strings.TrimPrefix(text, "lint:ignore "))
		if len(fields) < 2 { // staticcheck requires a reason
			return nil, false
		}
		return strings.Split(fields[0], ","), true
	}
	return nil, false
}
