package closecheck

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/suppress"
)

//go:embed doc.go
var docFile string

// Config configures closecheck.
type Config struct {
	// ReleaseMethods are the method names that release a resource; a type
	// with a niladic method of one of these names must be released.
	// Empty means {"Close"}.
	ReleaseMethods []string
}

// Analyzer is closecheck with the default configuration; its flags
// configure it from the command line.
var Analyzer = New(Config{})

// New returns a closecheck analyzer for cfg. Each analyzer owns its
// configuration; there is no package-level state.
func New(cfg Config) *analysis.Analyzer {
	c := &config{release: slices.Clone(cfg.ReleaseMethods)}
	if len(c.release) == 0 {
		c.release = []string{"Close"}
	}
	a := &analysis.Analyzer{
		Name:     "closecheck",
		Doc:      analysisDoc(),
		URL:      "https://pkg.go.dev/github.com/leaklint/leaklint/passes/closecheck",
		Requires: []*analysis.Analyzer{buildssa.Analyzer, lifecycle.Analyzer},
		Run:      c.run,
	}
	a.Flags.Init("closecheck", flag.ContinueOnError)
	a.Flags.Var(&c.release, "release", "comma-separated method names that release a resource")
	return a
}

func analysisDoc() string {
	const marker = "# Analyzer closecheck\n//\n// "
	doc := docFile[strings.Index(docFile, marker)+len(marker):]
	doc = doc[:strings.Index(doc, "\npackage")]
	return strings.ReplaceAll(doc, "// ", "") // crude, but the Doc is for humans
}

type config struct {
	release methodList
}

// methodList is a flag.Value holding comma-separated method names.
type methodList []string

func (m *methodList) String() string { return strings.Join(*m, ",") }
func (m *methodList) Set(s string) error {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			if !token.IsIdentifier(n) {
				return fmt.Errorf("not a method name: %q", n)
			}
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no method names in %q", s)
	}
	*m = names
	return nil
}

// closePolicy is the lifecycle.Policy for closers and streams.
type closePolicy struct{ release []string }

func (p closePolicy) IsRelease(m string) bool {
	return slices.Contains(p.release, m) || m == "CloseAndRecv" || m == "CloseWithError"
}

func (p closePolicy) MethodsBorrow() bool { return true }

func (p closePolicy) Releasable(t types.Type) bool {
	return lifecycle.HasAnyMethod(t, p.release)
}

func (c *config) run(pass *analysis.Pass) (any, error) {
	ch := &checker{
		pass:   pass,
		tab:    pass.ResultOf[lifecycle.Analyzer].(*lifecycle.Table),
		policy: closePolicy{release: c.release},
		out:    suppress.For(pass, "closecheck"),
	}
	for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
		ch.checkFunc(fn)
	}
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	tab    *lifecycle.Table
	policy closePolicy
	out    *suppress.Reporter
	files  map[*token.File]*ast.File
}

// checkFunc reports the leaks of every resource acquired in fn. An SSA
// shape the checker does not expect ends the check of fn quietly: a run
// over valid code must never crash.
func (ch *checker) checkFunc(fn *ssa.Function) {
	defer func() {
		if r := recover(); r != nil && lifecycle.DebugPanics {
			panic(r)
		}
	}()
	if fn.Blocks == nil || ch.generated(fn.Pos()) || exitsInDefer(fn) {
		return
	}
	var flow *lifecycle.Flow
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			for _, acq := range ch.acquisitions(call) {
				if flow == nil {
					flow = lifecycle.NewFlow(fn)
				}
				ch.check(fn, flow, acq)
			}
		}
	}
}

// exitsInDefer reports a function that defers os.Exit or runtime.Goexit:
// it never returns, so nothing it holds outlives the process or goroutine.
func exitsInDefer(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			if callee := d.Call.StaticCallee(); callee != nil {
				if obj, ok := callee.Object().(*types.Func); ok {
					switch lifecycle.FuncKey(obj) {
					case "os.Exit", "runtime.Goexit", "syscall.Exit":
						return true
					}
				}
			}
		}
	}
	return false
}

func (ch *checker) inTestFile(pos token.Pos) bool {
	return strings.HasSuffix(ch.pass.Fset.Position(pos).Filename, "_test.go")
}

func (ch *checker) generated(pos token.Pos) bool { return ch.out.Generated(pos) }

// acquisition is one owned resource produced by a call.
type acquisition struct {
	call   *ssa.Call
	result int
	stream bool
}

// acquisitions lists the results of call that the caller owns and must
// release.
func (ch *checker) acquisitions(call *ssa.Call) []acquisition {
	res := call.Call.Signature().Results()
	var acqs []acquisition
	for j := range res.Len() {
		t := res.At(j).Type()
		stream := lifecycle.IsClientStream(t)
		if !stream && !ch.policy.Releasable(t) {
			continue
		}
		if call.Call.IsInvoke() {
			// Interface methods have no summary; only a stream-returning
			// method (a generated client's) is known to hand one over.
			if stream {
				acqs = append(acqs, acquisition{call, j, true})
			}
			continue
		}
		if ch.tab.OwnedResult(call, j) {
			acqs = append(acqs, acquisition{call, j, stream})
		}
	}
	return acqs
}

func (ch *checker) check(fn *ssa.Function, flow *lifecycle.Flow, acq acquisition) {
	v := lifecycle.ResultValue(acq.call, acq.result)
	if v == nil || v.Referrers() == nil || len(*v.Referrers()) == 0 {
		// In a test, a discarded result is a call made for its error
		// (`_, err := Open("not-an-object-file")`) or its side effect.
		if !ch.inTestFile(acq.call.Pos()) {
			ch.reportDiscarded(acq)
		}
		return
	}
	events := ch.tab.Uses(v, ch.policy)
	r := &lifecycle.Resource{Acquire: acq.call, Edges: make(map[lifecycle.Edge]bool)}
	handedOn := false
	for _, e := range events {
		if registeredEarlier(e, acq.call) {
			return // a deferred cleanup, registered first, closes it at exit
		}
		switch {
		case e.Kills():
			r.Kills = append(r.Kills, e.Instr)
			handedOn = handedOn || e.Kind != lifecycle.Released
		case e.Kind == lifecycle.NilCompared:
			addEdges(r.Edges, e.Instr.(ssa.Value), false)
		}
	}
	for _, err := range checkedForms(errorResult(acq.call)) {
		addEdges(r.Edges, err, true)
	}
	if acq.stream {
		if ch.streamReleasedAtExit(fn, acq.call, r) {
			return
		}
		ch.addRecvEdges(events, r)
	}
	leaks := flow.Leaks(r)
	if len(leaks) > 0 {
		ch.report(fn, acq, leaks, handedOn)
	}
}

// registeredEarlier reports a deferred closure, registered before the
// acquisition, that captures the variable the resource is stored in: it
// runs at every exit, so the resource is released there.
func registeredEarlier(e lifecycle.Event, acq *ssa.Call) bool {
	mc, ok := e.Instr.(*ssa.MakeClosure)
	return ok && e.Kind != lifecycle.MethodCall && mc.Pos() < acq.Pos() && deferred(mc, mc)
}

// errorResult returns the error result of call, if it has one in use.
func errorResult(call *ssa.Call) ssa.Value {
	res := call.Call.Signature().Results()
	if n := res.Len(); n > 1 && lifecycle.IsError(res.At(n-1).Type()) {
		return lifecycle.ResultValue(call, n-1)
	}
	return nil
}

// addEdges marks the If edges on which a value is known nil (nonNil false)
// or known non-nil (nonNil true). For a value compared with nil, v is
// the comparison.
func addEdges(edges map[lifecycle.Edge]bool, v ssa.Value, nonNil bool) {
	if cmp, ok := v.(*ssa.BinOp); ok {
		addCompareEdges(edges, cmp, nil, nonNil)
		return
	}
	for _, ref := range *v.Referrers() {
		switch u := ref.(type) {
		case *ssa.BinOp:
			addCompareEdges(edges, u, v, nonNil)
		case *ssa.Call:
			// errors.Is(err, target), os.IsNotExist(err): true only when
			// err is not nil.
			if nonNil && isErrorPredicate(u, v) {
				addIfEdges(edges, u, 0)
			}
		}
	}
}

// addCompareEdges handles `x == nil`, `x != nil`, and `err == target` with
// a non-nil target such as io.EOF.
func addCompareEdges(edges map[lifecycle.Edge]bool, cmp *ssa.BinOp, v ssa.Value, nonNil bool) {
	other := cmp.Y
	if v != nil && cmp.Y == v {
		other = cmp.X
	} else if v == nil {
		if isNilConst(cmp.X) {
			other = cmp.X
		}
	}
	var trueMeansNonNil bool
	switch {
	case cmp.Op == token.NEQ && isNilConst(other):
		trueMeansNonNil = true
	case cmp.Op == token.EQL && isNilConst(other):
		trueMeansNonNil = false
	case nonNil && cmp.Op == token.EQL:
		addIfEdges(edges, cmp, 0) // equal to a non-nil target
		return
	case nonNil && cmp.Op == token.NEQ:
		addIfEdges(edges, cmp, 1)
		return
	default:
		return
	}
	if trueMeansNonNil == nonNil {
		addIfEdges(edges, cmp, 0)
	} else {
		addIfEdges(edges, cmp, 1)
	}
}

func addIfEdges(edges map[lifecycle.Edge]bool, cond ssa.Value, succ int) {
	for _, ref := range *cond.Referrers() {
		if iff, ok := ref.(*ssa.If); ok && iff.Cond == cond {
			edges[lifecycle.Edge{From: iff.Block(), Succ: succ}] = true
		}
	}
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// isErrorPredicate reports a call such as errors.Is(err, io.EOF),
// errors.As or os.IsNotExist(err): a bool-valued Is* function of the error,
// which is false for a nil error.
func isErrorPredicate(call *ssa.Call, err ssa.Value) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || len(call.Call.Args) == 0 || call.Call.Args[0] != err {
		return false
	}
	res := callee.Signature.Results()
	if res.Len() != 1 || !types.Identical(res.At(0).Type(), types.Typ[types.Bool]) {
		return false
	}
	name := callee.Name()
	if !strings.HasPrefix(name, "Is") && !strings.HasPrefix(name, "is") && name != "As" {
		return false
	}
	lower := strings.ToLower(name)
	return !strings.Contains(lower, "nil") && !strings.Contains(lower, "ok") && !strings.Contains(lower, "success")
}

// checkedForms returns the values whose nil check tells whether v is nil:
// v itself; the phis that merge v with the errors of other branches
// (`f, err = A()` in one branch, `f, err = B()` in another, then one
// check), which on the paths holding the resource carry v; and, when v is
// stored into a local variable SSA could not lift (a named result a
// deferred closure captures), the loads of that variable that still see
// v: those later in the same block, before anything else is stored there.
func checkedForms(v ssa.Value) []ssa.Value {
	if v == nil {
		return nil
	}
	forms := []ssa.Value{v}
	seen := map[ssa.Value]bool{v: true}
	for i := 0; i < len(forms); i++ {
		for _, ref := range *forms[i].Referrers() {
			if phi, ok := ref.(*ssa.Phi); ok && !seen[phi] {
				seen[phi] = true
				forms = append(forms, phi)
			}
		}
	}
	for _, ref := range *v.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Val != v {
			continue
		}
		cell, ok := st.Addr.(*ssa.Alloc)
		if !ok {
			continue
		}
		forms = append(forms, loadsAfter(st, cell)...)
	}
	return forms
}

func loadsAfter(st *ssa.Store, cell *ssa.Alloc) []ssa.Value {
	var loads []ssa.Value
	b := st.Block()
	seen := false
	for _, instr := range b.Instrs {
		switch u := instr.(type) {
		case *ssa.Store:
			if u == st {
				seen = true
			} else if seen && u.Addr == cell {
				return loads
			}
		case *ssa.UnOp:
			if seen && u.Op == token.MUL && u.X == cell {
				loads = append(loads, u)
			}
		}
	}
	return loads
}
