// Package report holds what every leaklint pass needs to word a finding:
// the names of the resource and of the call that made it, where a leak
// happens, and the suggested defer.
package report

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// Source finds the syntax and positions behind SSA values of one pass.
type Source struct {
	pass  *analysis.Pass
	files map[*token.File]*ast.File
}

// New returns the Source of pass.
func New(pass *analysis.Pass) *Source { return &Source{pass: pass} }

// LeakPos is where a leak is reported: the return statement, or the
// function's closing brace for an implicit return.
func LeakPos(fn *ssa.Function, l lifecycle.Leak) token.Pos {
	if l.Loop {
		return l.At.Pos()
	}
	if p := l.At.Pos(); p.IsValid() {
		return p
	}
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return fn.Pos()
}

// ViaPath names the last source position on the path that went round the
// loop, such as the condition of the continue that skipped the close.
func (s *Source) ViaPath(l lifecycle.Leak) string {
	for _, b := range l.Path {
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			if p := b.Instrs[i].Pos(); p.IsValid() {
				return " (path through " + s.Where(p) + ")"
			}
		}
	}
	return ""
}

// Where names a position as file.go:line.
func (s *Source) Where(pos token.Pos) string {
	p := s.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// FuncName names a function as a reader finds it: (*hub).run, Apply, or
// the function literal in (*hub).start.
func FuncName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the function literal in " + FuncName(fn.Parent())
	}
	if fn.Pkg != nil {
		return fn.RelString(fn.Pkg.Pkg)
	}
	return fn.Name()
}

// NormalizeFuncKey turns a configured "(*pkg/path.Type).Method" into the
// "pkg/path.Type.Method" form lifecycle.FuncKey gives.
func NormalizeFuncKey(k string) string {
	if strings.HasPrefix(k, "(") {
		k = strings.TrimPrefix(strings.TrimPrefix(k, "("), "*")
		k = strings.Replace(k, ").", ".", 1)
	}
	return k
}

// SourceName names the call that produced the resource, as a reader would
// write it: pkg.Func for other packages, Type.Method for methods.
func SourceName(call *ssa.Call) string {
	if call.Call.IsInvoke() {
		return call.Call.Method.Name()
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		return "a call"
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return callee.Name()
	}
	if sig := obj.Type().(*types.Signature); sig.Recv() != nil {
		if n := lifecycle.ReceiverNamed(sig); n != nil && n.Obj().Pkg() != samePkg(call) {
			return n.Obj().Pkg().Name() + "." + n.Obj().Name() + "." + obj.Name()
		}
		return obj.Name()
	}
	if obj.Pkg() != nil && obj.Pkg() != samePkg(call) {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}

func samePkg(call *ssa.Call) *types.Package {
	if p := call.Parent().Pkg; p != nil {
		return p.Pkg
	}
	return nil
}

// ResultName finds the variable result j of call was assigned to, and the
// assignment statement, from the syntax around the call.
func (s *Source) ResultName(call *ssa.Call, result int) (string, ast.Stmt) {
	pos := call.Pos()
	f := s.FileOf(pos)
	if f == nil {
		return "the result of " + SourceName(call), nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	field := "" // the key, when the call is a field value of a composite literal
	for _, n := range path {
		switch node := n.(type) {
		case *ast.KeyValueExpr:
			if id, ok := node.Key.(*ast.Ident); ok && field == "" && node.Value.Pos() <= pos && pos < node.Value.End() {
				field = id.Name
			}
		case *ast.CallExpr:
			if node.Lparen != pos && field == "" {
				return "the result of " + SourceName(call), nil // an argument of another call
			}
		case *ast.AssignStmt:
			if name := lhsName(node.Lhs, node.Rhs, pos, result); name != "" {
				if field != "" {
					return name + "." + field, nil
				}
				return name, node
			}
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(node.Names))
			for i, id := range node.Names {
				lhs[i] = id
			}
			if name := lhsName(lhs, node.Values, pos, result); name != "" {
				return name, nil
			}
		case *ast.FuncDecl, *ast.FuncLit:
			return "the result of " + SourceName(call), nil
		}
	}
	return "the result of " + SourceName(call), nil
}

func lhsName(lhs, rhs []ast.Expr, pos token.Pos, result int) string {
	i := result
	if len(rhs) > 1 {
		i = -1
		for k, e := range rhs {
			if e.Pos() <= pos && pos < e.End() {
				i = k
			}
		}
	}
	if i < 0 || i >= len(lhs) {
		return ""
	}
	name := types.ExprString(lhs[i])
	if name == "_" {
		return ""
	}
	return name
}

// FileOf returns the syntax of the file holding pos.
func (s *Source) FileOf(pos token.Pos) *ast.File {
	tf := s.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if s.files == nil {
		s.files = make(map[*token.File]*ast.File)
		for _, f := range s.pass.Files {
			s.files[s.pass.Fset.File(f.FileStart)] = f
		}
	}
	return s.files[tf]
}

// DeferAfter proposes the statement stmt (`defer b.Close()`) after the
// assignment that acquired a resource, or after the `if err != nil` check
// that follows it. There is no fix inside a loop, where a defer would
// wait for the function to return.
func (s *Source) DeferAfter(assign ast.Stmt, stmt string) (analysis.SuggestedFix, bool) {
	if assign == nil {
		return analysis.SuggestedFix{}, false
	}
	f := s.FileOf(assign.Pos())
	if f == nil {
		return analysis.SuggestedFix{}, false
	}
	path, _ := astutil.PathEnclosingInterval(f, assign.Pos(), assign.End())
	var block *ast.BlockStmt
	for _, n := range path[1:] {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return analysis.SuggestedFix{}, false
		case *ast.BlockStmt:
			if block == nil {
				block = n
			}
		case *ast.FuncDecl, *ast.FuncLit:
			goto found
		}
	}
found:
	if block == nil {
		return analysis.SuggestedFix{}, false
	}
	after := AfterErrorCheck(block.List, assign)
	after = endOfLine(s.pass.Fset.File(after), after) // after any trailing comment
	col := s.pass.Fset.Position(assign.Pos()).Column
	return analysis.SuggestedFix{
		Message:   "Add " + stmt,
		TextEdits: []analysis.TextEdit{{Pos: after, End: after, NewText: []byte("\n" + strings.Repeat("\t", col-1) + stmt)}},
	}, true
}

// AfterErrorCheck returns the end of assign, or of the `if err != nil`
// statement right after it in list.
func AfterErrorCheck(list []ast.Stmt, assign ast.Stmt) token.Pos {
	for i, st := range list {
		if st == assign && i+1 < len(list) && checksError(list[i+1], assign) {
			return list[i+1].End()
		}
	}
	return assign.End()
}

// Line returns the line of pos.
func (s *Source) Line(pos token.Pos) int { return s.pass.Fset.Position(pos).Line }

// checksError reports whether s is `if err != nil {...}` on an error the
// assignment set.
func checksError(s, assign ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	as, ok2 := assign.(*ast.AssignStmt)
	if !ok || !ok2 || ifs.Init != nil {
		return false
	}
	cond, ok := ifs.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return false
	}
	for _, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if ok && id.Name != "_" && (types.ExprString(cond.X) == id.Name && types.ExprString(cond.Y) == "nil") {
			return true
		}
	}
	return false
}

// endOfLine returns the position of the newline ending pos's line.
func endOfLine(tf *token.File, pos token.Pos) token.Pos {
	line := tf.Line(pos)
	if line >= tf.LineCount() {
		return token.Pos(tf.Base() + tf.Size())
	}
	return tf.LineStart(line+1) - 1
}

// IsIdent reports whether name is a plain variable name.
func IsIdent(name string) bool { return token.IsIdentifier(name) }

// NewPass returns a pass's Analyzer: its Doc from the pass's doc.go
// (embedded as docFile; title if doc.go cannot be parsed), its URL on
// pkg.go.dev, and an empty flag set named after it, for New to fill.
func NewPass(name, docFile, title string, run func(*analysis.Pass) (any, error), requires ...*analysis.Analyzer) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     name,
		Doc:      AnalyzerDoc(docFile, name, title),
		URL:      "https://pkg.go.dev/github.com/leaklint/leaklint/passes/" + name,
		Requires: requires,
		Run:      run,
	}
	a.Flags.Init(name, flag.ContinueOnError)
	return a
}

// AnalyzerDoc returns the "# Analyzer <name>" section of a pass's doc.go
// (embedded as src), whose first line is "<name>: <title>": the Doc of the
// pass's Analyzer. fallback is used if doc.go cannot be parsed.
func AnalyzerDoc(src, name, fallback string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return fallback
	}
	_, section, _ := strings.Cut(f.Doc.Text(), "# Analyzer "+name+"\n")
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(section), name+": "))
}

// StmtAt returns the statement of a block that contains pos, and that
// block's statement list: the statement a fix inserts after or deletes.
func (s *Source) StmtAt(pos token.Pos) (ast.Stmt, []ast.Stmt) {
	f := s.FileOf(pos)
	if f == nil {
		return nil, nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for i := 0; i+1 < len(path); i++ {
		st, ok := path[i].(ast.Stmt)
		if !ok {
			continue
		}
		switch parent := path[i+1].(type) {
		case *ast.BlockStmt:
			return st, parent.List
		case *ast.CaseClause:
			return st, parent.Body
		case *ast.CommClause:
			return st, parent.Body
		}
	}
	return nil, nil
}

// DeleteLine returns an edit deleting st with its line, when st is alone
// on its line among list.
func (s *Source) DeleteLine(st ast.Stmt, list []ast.Stmt) (analysis.TextEdit, bool) {
	tf := s.pass.Fset.File(st.Pos())
	line := tf.Line(st.Pos())
	if tf.Line(st.End()) != line {
		return analysis.TextEdit{}, false
	}
	for _, other := range list {
		if other != st && (tf.Line(other.Pos()) == line || tf.Line(other.End()) == line) {
			return analysis.TextEdit{}, false
		}
	}
	end := token.Pos(tf.Base() + tf.Size())
	if line < tf.LineCount() {
		end = tf.LineStart(line + 1)
	}
	return analysis.TextEdit{Pos: tf.LineStart(line), End: end}, true
}

// CallAt returns the syntax of an SSA call (whose position is its left
// parenthesis), or nil.
func (s *Source) CallAt(pos token.Pos) *ast.CallExpr {
	f := s.FileOf(pos)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		if c, ok := n.(*ast.CallExpr); ok && c.Lparen == pos {
			return c
		}
	}
	return nil
}

// FieldError is a configuration setting a pass rejects; Key is its json
// name inside the pass's settings ("release-methods", "types.pkg.T"), so
// that a configuration file can point at the line that holds it.
type FieldError struct {
	Key string
	Err error
}

func (e *FieldError) Error() string { return e.Key + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// SettingError returns a FieldError for the setting key.
func SettingError(key string, err error) error { return &FieldError{Key: key, Err: err} }
