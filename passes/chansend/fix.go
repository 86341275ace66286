package chansend

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// sendSyntax returns the statement of a send and the type of the function
// written around it.
func (ch *checker) sendSyntax(send *ssa.Send) (*ast.SendStmt, *ast.FuncType) {
	f := ch.src.FileOf(send.Pos())
	if f == nil {
		return nil, nil
	}
	path, _ := astutil.PathEnclosingInterval(f, send.Pos(), send.Pos())
	var stmt *ast.SendStmt
	for _, n := range path {
		switch n := n.(type) {
		case *ast.SendStmt:
			if stmt == nil {
				stmt = n
			}
		case *ast.FuncLit:
			return stmt, n.Type
		case *ast.FuncDecl:
			return stmt, n.Type
		}
	}
	return stmt, nil
}

// selectAdvice is the select that makes a send give up when signal (a
// channel expression: ctx.Done(), l.exitCh) is ready, and the fix that
// writes it, when a bare return can leave the function.
func (ch *checker) selectAdvice(send *ssa.Send, signal string) (string, *analysis.SuggestedFix) {
	stmt, ft := ch.sendSyntax(send)
	if stmt == nil {
		return "", nil
	}
	chanText, valueText := types.ExprString(stmt.Chan), types.ExprString(stmt.Value)
	advice := "select on it: select { case " + chanText + " <- " + valueText + ": case <-" + signal + ": return }"
	if ft == nil || !bareReturnAllowed(ft) {
		return advice, nil
	}
	col := ch.pass.Fset.Position(stmt.Pos()).Column
	indent := strings.Repeat("\t", col-1)
	text := "select {\n" +
		indent + "case " + chanText + " <- " + valueText + ":\n" +
		indent + "case <-" + signal + ":\n" +
		indent + "\treturn\n" +
		indent + "}"
	return advice, &analysis.SuggestedFix{
		Message:   "Give up the send when " + signal + " is ready",
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}
}

// bareReturnAllowed: the function has no results, or named ones.
func bareReturnAllowed(ft *ast.FuncType) bool {
	return ft.Results == nil || len(ft.Results.List) == 0 || len(ft.Results.List[0].Names) > 0
}

// contextInScope returns the name of a context.Context the code of fn can
// refer to: its own parameter or captured variable, or, for a function
// literal, a parameter of a function around it.
func contextInScope(fn *ssa.Function) string {
	for f := fn; f != nil; f = f.Parent() {
		for _, p := range f.Params {
			if lifecycle.IsContext(p.Type()) && p.Name() != "_" {
				return p.Name()
			}
		}
		for _, fv := range f.FreeVars {
			if lifecycle.IsContext(fv.Type()) {
				return fv.Name()
			}
		}
	}
	return ""
}
