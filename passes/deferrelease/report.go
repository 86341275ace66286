package deferrelease

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// wording is how a finding names an acquisition and its release.
type wording struct {
	what   string // "b from bufPool.Get", "the permit from s.sem.Acquire"
	name   string // the held value as written: b, snap, s.sem
	verb   string // "put back", "released", "given back"
	fix    string // the deferred release, "" when none can be written
	assign ast.Stmt
	list   []ast.Stmt
}

func (ch *checker) words(acq *acquisition, tr *tracked) wording {
	call := ch.src.CallAt(acq.call.Pos())
	var recvText string
	if call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			recvText = types.ExprString(sel.X)
		}
	}
	src := report.SourceName(acq.call)
	if _, name, _ := lifecycle.Method(&acq.call.Call); recvText != "" && name != "" {
		src = recvText + "." + name
	}
	w := wording{verb: "released"}
	w.assign, w.list = ch.src.StmtAt(acq.call.Pos())
	switch acq.kind {
	case counted, permit:
		w.name = recvText
		noun := "reference"
		if acq.kind == permit || acq.release == "Release" && strings.Contains(src, "Acquire") {
			noun = "permit"
		}
		w.what = fmt.Sprintf("the %s from %s", noun, src)
		if recvText != "" {
			w.fix = fmt.Sprintf("defer %s.%s(%s)", recvText, acq.release, ch.weightText(call, acq))
		}
		return w
	}
	w.name, _ = ch.src.ResultName(acq.call, resultIndex(acq))
	w.what = w.name + " from " + src
	if strings.HasPrefix(w.name, "the result of ") {
		w.what = w.name
	}
	if !report.IsIdent(w.name) {
		return w
	}
	switch {
	case acq.kind == pooled:
		w.verb = "put back"
		if recvText != "" {
			w.fix = fmt.Sprintf("defer %s.%s(%s)", recvText, acq.release, w.name)
		}
	case acq.release != "" && lifecycle.HasMethod(acq.value.Type(), acq.release):
		w.fix = fmt.Sprintf("defer %s.%s()", w.name, acq.release)
	case acq.release != "":
		w.fix = ch.releaseText(tr, w.name) // Release(ctx): as the paths that release write it
	default:
		w.verb = "given back"
		w.fix = ch.releaseText(tr, w.name)
	}
	return w
}

func resultIndex(acq *acquisition) int {
	if ex, ok := acq.value.(*ssa.Extract); ok {
		return ex.Index
	}
	return 0
}

// weightText returns the source of a permit's weight argument.
func (ch *checker) weightText(call *ast.CallExpr, acq *acquisition) string {
	if acq.kind != permit || acq.weight == nil || call == nil || len(call.Args) == 0 {
		return ""
	}
	return types.ExprString(call.Args[len(call.Args)-1])
}

// releaseText writes the deferred release of a lent value as the paths
// that give it back write it: putBuf(b), or b.returnToPool().
func (ch *checker) releaseText(tr *tracked, name string) string {
	for _, r := range tr.releases {
		c := ch.src.CallAt(r.Pos())
		if c == nil {
			continue
		}
		switch fun := ast.Unparen(c.Fun).(type) {
		case *ast.SelectorExpr:
			if types.ExprString(fun.X) == name && (len(c.Args) == 0 || isContextArg(ch.pass, c.Args[0]) && len(c.Args) == 1) {
				return "defer " + types.ExprString(c)
			}
		}
		if len(c.Args) == 1 {
			return fmt.Sprintf("defer %s(%s)", types.ExprString(c.Fun), name)
		}
	}
	return ""
}

// reportLeak emits one finding at the acquisition: the first exit that
// misses the release, the others as related information, and the defer
// to add.
func (ch *checker) reportLeak(fn *ssa.Function, acq *acquisition, tr *tracked, leaks []lifecycle.Leak) {
	slices.SortFunc(leaks, func(a, b lifecycle.Leak) int {
		return int(report.LeakPos(fn, a) - report.LeakPos(fn, b))
	})
	first := leaks[0]
	w := ch.words(acq, tr)
	var msg string
	switch {
	case first.Loop:
		msg = fmt.Sprintf("deferrelease: %s is not %s before the loop reaches it again%s; %s before the loop continues",
			w.what, w.verb, ch.src.ViaPath(first), imperative(w.verb))
	case w.fix != "" && !tr.handedOn && ch.deferable(w):
		msg = fmt.Sprintf("deferrelease: %s is not %s on the path returning at %s (add %s after line %d)",
			w.what, w.verb, ch.src.Where(report.LeakPos(fn, first)), w.fix, ch.src.Line(report.AfterErrorCheck(w.list, w.assign)))
	default:
		msg = fmt.Sprintf("deferrelease: %s is not %s on the path returning at %s; %s on that path too",
			w.what, w.verb, ch.src.Where(report.LeakPos(fn, first)), imperative(w.verb))
	}
	d := analysis.Diagnostic{Pos: acq.call.Pos(), Message: msg}
	for _, l := range leaks[1:] {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     report.LeakPos(fn, l),
			Message: fmt.Sprintf("also not %s on this path", w.verb),
		})
	}
	if fix, ok := ch.deferFix(w, tr, first.Loop); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	ch.out.Report(d)
}

func imperative(verb string) string {
	switch verb {
	case "put back":
		return "put it back"
	case "given back":
		return "give it back"
	}
	return "release it"
}

const maxFixDeletes = 16

// deferable reports whether a defer can be added after the acquisition:
// not inside a loop, where it would wait for the function to return.
func (ch *checker) deferable(w wording) bool {
	_, ok := ch.src.DeferAfter(w.assign, w.fix)
	return ok
}

// deferFix adds the deferred release after the acquisition and removes
// the explicit releases, when some path already releases, nothing hands
// the value on, and every explicit release is a statement of its own.
func (ch *checker) deferFix(w wording, tr *tracked, loop bool) (analysis.SuggestedFix, bool) {
	// A fix deleting dozens of releases is not one a reviewer applies
	// blindly; finding each statement also costs a syntax search.
	if w.fix == "" || tr.handedOn || loop || len(tr.releases) == 0 || len(tr.releases) > maxFixDeletes || w.assign == nil {
		return analysis.SuggestedFix{}, false
	}
	fix, ok := ch.src.DeferAfter(w.assign, w.fix)
	if !ok {
		return fix, false
	}
	for _, r := range tr.releases {
		if _, deferred := r.(*ssa.Defer); deferred {
			return analysis.SuggestedFix{}, false // a defer already exists on some path
		}
		st, list := ch.src.StmtAt(r.Pos())
		expr, ok := st.(*ast.ExprStmt)
		if !ok || ast.Unparen(expr.X).Pos() > r.Pos() || r.Pos() >= expr.End() {
			return analysis.SuggestedFix{}, false
		}
		del, ok := ch.src.DeleteLine(st, list)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		fix.TextEdits = append(fix.TextEdits, del)
	}
	slices.SortFunc(fix.TextEdits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	return fix, true
}

// reportDouble reports a second release on one path.
func (ch *checker) reportDouble(acq *acquisition, first, second ssa.Instruction) {
	w := ch.words(acq, &tracked{})
	when := "at " + ch.src.Where(first.Pos())
	if _, deferred := first.(*ssa.Defer); deferred {
		when = "by the defer at " + ch.src.Where(first.Pos()) + " when the function returns"
	}
	ch.out.Report(analysis.Diagnostic{
		Pos: second.Pos(),
		Message: fmt.Sprintf("deferrelease: %s is %s twice on one path: here and %s",
			w.what, w.verb, when),
		Related: []analysis.RelatedInformation{{Pos: first.Pos(), Message: "the other release"}},
	})
}

// reportUseAfter reports a use of a pooled value after it was put back.
func (ch *checker) reportUseAfter(acq *acquisition, put, use ssa.Instruction) {
	w := ch.words(acq, &tracked{})
	pos := use.Pos()
	if !pos.IsValid() {
		pos = put.Pos()
	}
	why := "it may already belong to another caller"
	if acq.release != "" && acq.kind != pooled {
		why = "its last reference may be gone"
	}
	ch.out.Report(analysis.Diagnostic{
		Pos: pos,
		Message: fmt.Sprintf("deferrelease: %s is used after it was %s at %s; %s",
			w.name, w.verb, ch.src.Where(put.Pos()), why),
		Related: []analysis.RelatedInformation{{Pos: put.Pos(), Message: "given back here"}},
	})
}

// isContextArg reports an argument of type context.Context.
func isContextArg(pass *analysis.Pass, e ast.Expr) bool {
	return lifecycle.IsContext(pass.TypesInfo.TypeOf(e))
}
