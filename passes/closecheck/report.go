package closecheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// report emits one diagnostic per leaked resource, at the acquisition,
// naming the first leaking exit and listing the others as related.
func (ch *checker) report(fn *ssa.Function, acq acquisition, leaks []lifecycle.Leak, handedOn bool) {
	sort.Slice(leaks, func(i, j int) bool { return ch.leakPos(fn, leaks[i]) < ch.leakPos(fn, leaks[j]) })
	first := leaks[0]
	name, assign := ch.resourceName(acq)
	what := name
	if acq.stream {
		what = "stream " + name
	}
	src := sourceName(acq.call)
	if !strings.HasPrefix(name, "the result of ") {
		what += " (from " + src + ")"
	}
	var msg string
	switch {
	case first.Loop:
		msg = fmt.Sprintf("closecheck: %s is not %s before the loop reaches %s again%s; %s it before the loop continues",
			what, ch.verb(acq), src, ch.viaPath(first), map[bool]string{false: "close", true: "release"}[acq.stream])
	default:
		msg = fmt.Sprintf("closecheck: %s is not %s on the path returning at %s",
			what, ch.verb(acq), ch.where(ch.leakPos(fn, first)))
	}
	d := analysis.Diagnostic{Pos: acq.call.Pos(), Message: msg + ch.advice(acq, name, first, handedOn)}
	for _, l := range leaks[1:] {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     ch.leakPos(fn, l),
			Message: fmt.Sprintf("%s is also not %s on this path", name, ch.verb(acq)),
		})
	}
	if fix, ok := ch.deferFix(acq, name, assign, handedOn, first.Loop); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	ch.out.Report(d)
}

func (ch *checker) verb(acq acquisition) string {
	if acq.stream {
		return "released"
	}
	return "closed"
}

func (ch *checker) advice(acq acquisition, name string, first lifecycle.Leak, handedOn bool) string {
	switch {
	case acq.stream && acq.closeSent:
		return "; CloseSend does not release a stream: cancel its context, receive until a non-nil error, or close its connection"
	case acq.stream:
		return "; cancel its context (defer cancel()), receive until a non-nil error, or close its connection"
	case first.Loop:
		return ""
	case !handedOn && isIdent(name):
		return fmt.Sprintf("; add \"defer %s.%s()\" after the error check", name, ch.releaseMethod(acq))
	default:
		return "; close it on that path too"
	}
}

func (ch *checker) reportDiscarded(acq acquisition) {
	ch.out.Report(analysis.Diagnostic{
		Pos: acq.call.Pos(),
		Message: fmt.Sprintf("closecheck: the %s returned by %s is discarded and never %s; assign it and %s",
			typeName(acq), sourceName(acq.call), ch.verb(acq), map[bool]string{
				false: "defer its " + ch.releaseMethod(acq),
				true:  "drain or cancel it",
			}[acq.stream]),
	})
}

// releaseMethod returns the first configured release method the resource's
// type has.
func (ch *checker) releaseMethod(acq acquisition) string {
	t := acq.call.Call.Signature().Results().At(acq.result).Type()
	for _, m := range ch.policy.release {
		if lifecycle.HasMethod(t, m) {
			return m
		}
	}
	return ch.policy.release[0]
}

func typeName(acq acquisition) string {
	t := acq.call.Call.Signature().Results().At(acq.result).Type()
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// leakPos is where a leak is reported: the return statement, or the
// function's closing brace for an implicit return.
func (ch *checker) leakPos(fn *ssa.Function, l lifecycle.Leak) token.Pos {
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

// viaPath names the last source position on the path that went round the
// loop, such as the condition of the continue that skipped the close.
func (ch *checker) viaPath(l lifecycle.Leak) string {
	for _, b := range l.Path {
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			if p := b.Instrs[i].Pos(); p.IsValid() {
				return " (path through " + ch.where(p) + ")"
			}
		}
	}
	return ""
}

func (ch *checker) where(pos token.Pos) string {
	p := ch.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// sourceName names the call that produced the resource, as a reader would
// write it: pkg.Func for other packages, Type.Method for methods.
func sourceName(call *ssa.Call) string {
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
	if recv := obj.Type().(*types.Signature).Recv(); recv != nil {
		t := recv.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != samePkg(call) {
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

// resourceName finds the variable the resource was assigned to, and the
// assignment statement, from the syntax around the call.
func (ch *checker) resourceName(acq acquisition) (string, ast.Stmt) {
	pos := acq.call.Pos()
	f := ch.fileOf(pos)
	if f == nil {
		return "the result of " + sourceName(acq.call), nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	field := "" // the key, when the call is a field value of a composite literal
	for _, n := range path {
		switch s := n.(type) {
		case *ast.KeyValueExpr:
			if id, ok := s.Key.(*ast.Ident); ok && field == "" && s.Value.Pos() <= pos && pos < s.Value.End() {
				field = id.Name
			}
		case *ast.CallExpr:
			if s.Lparen != pos && field == "" {
				return "the result of " + sourceName(acq.call), nil // an argument of another call
			}
		case *ast.AssignStmt:
			if name := lhsName(s.Lhs, s.Rhs, pos, acq.result); name != "" {
				if field != "" {
					return name + "." + field, nil
				}
				return name, s
			}
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(s.Names))
			for i, id := range s.Names {
				lhs[i] = id
			}
			if name := lhsName(lhs, s.Values, pos, acq.result); name != "" {
				return name, nil
			}
		case *ast.FuncDecl, *ast.FuncLit:
			return "the result of " + sourceName(acq.call), nil
		}
	}
	return "the result of " + sourceName(acq.call), nil
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

func isIdent(name string) bool { return token.IsIdentifier(name) }

func (ch *checker) fileOf(pos token.Pos) *ast.File {
	tf := ch.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if ch.files == nil {
		ch.files = make(map[*token.File]*ast.File)
		for _, f := range ch.pass.Files {
			ch.files[ch.pass.Fset.File(f.FileStart)] = f
		}
	}
	return ch.files[tf]
}

// deferFix proposes `defer x.Close()` after the acquisition's error check,
// for a resource that is never handed on and not acquired in a loop.
func (ch *checker) deferFix(acq acquisition, name string, assign ast.Stmt, handedOn, loop bool) (analysis.SuggestedFix, bool) {
	if acq.stream || handedOn || loop || assign == nil || !isIdent(name) {
		return analysis.SuggestedFix{}, false
	}
	f := ch.fileOf(assign.Pos())
	path, _ := astutil.PathEnclosingInterval(f, assign.Pos(), assign.End())
	var block *ast.BlockStmt
	for _, n := range path[1:] {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return analysis.SuggestedFix{}, false // a defer would wait for the function
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
	after := assign.End()
	for i, s := range block.List {
		if s == assign && i+1 < len(block.List) && checksError(block.List[i+1], assign) {
			after = block.List[i+1].End()
		}
	}
	after = endOfLine(ch.pass.Fset.File(after), after) // after any trailing comment
	col := ch.pass.Fset.Position(assign.Pos()).Column
	text := "\n" + strings.Repeat("\t", col-1) + "defer " + name + "." + ch.releaseMethod(acq) + "()"
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Add defer %s.%s()", name, ch.releaseMethod(acq)),
		TextEdits: []analysis.TextEdit{{Pos: after, End: after, NewText: []byte(text)}},
	}, true
}

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
