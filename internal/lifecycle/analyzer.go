package lifecycle

import (
	"go/types"
	"os"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/watchdog"
)

// Analyzer computes the ownership summary of every function of a package,
// exports it as a *Func fact, and returns a *Table for the passes that
// require it.
var Analyzer = &analysis.Analyzer{
	Name:       "leaklintsummary",
	Doc:        "computes leaklint's ownership summaries (internal; reports nothing)",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(Func)},
	ResultType: reflect.TypeFor[*Table](),
	Run:        run,
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	tab := newTable(pass, ssaInfo.Pkg)
	for _, fn := range ssaInfo.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg {
			continue
		}
		// Only exported names can be called from other packages, and an
		// empty summary (borrows every parameter, returns nothing fresh)
		// is what a missing fact means: the driver copies every fact of
		// every dependency into each package, so fewer facts is faster.
		if s := exported(fn, tab.Of(fn)); obj.Exported() && !s.empty() {
			pass.ExportObjectFact(obj.Origin(), s)
		}
	}
	return tab, nil
}

// A Table gives the summary of any function called from the package under
// analysis: computed from SSA for the package's own functions (and the
// wrappers SSA synthesizes), read from facts for everything else.
//
// A Table fills its caches as it is queried, and every pass of a package
// shares it: a pass queries it only inside Exclusive.
type Table struct {
	mu       sync.Mutex
	pass     *analysis.Pass
	pkg      *ssa.Package
	funcs    map[*ssa.Function]*Func
	active   map[*ssa.Function]bool
	freeVars map[freeVarKey]bool
	cells    map[*ssa.Alloc]freshKind
	inerts   map[*ssa.Alloc]inertness
}

type freeVarKey struct {
	fn   *ssa.Function
	i    int
	m    mode
	kind reflect.Type
}

func newTable(pass *analysis.Pass, pkg *ssa.Package) *Table {
	return &Table{
		pass:     pass,
		pkg:      pkg,
		funcs:    make(map[*ssa.Function]*Func),
		active:   make(map[*ssa.Function]bool),
		freeVars: make(map[freeVarKey]bool),
		cells:    make(map[*ssa.Alloc]freshKind),
		inerts:   make(map[*ssa.Alloc]inertness),
	}
}

// unknown is the conservative summary: nothing fresh, every parameter
// possibly kept.
var unknown = &Func{Kept: all}

const all = ^uint64(0)

// Of returns the summary of fn. A function of this package it cannot
// analyse, or one whose summary is being computed (recursion), gets the
// conservative summary. A function of another package with no fact borrows
// every parameter and returns nothing fresh: that is what a missing fact
// means (see run).
func (t *Table) Of(fn *ssa.Function) *Func {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if s, ok := t.funcs[fn]; ok {
		return s
	}
	if t.active[fn] {
		return unknown
	}
	obj, _ := fn.Object().(*types.Func)
	if obj != nil {
		obj = obj.Origin()
	}
	var s *Func
	switch {
	case seeded(obj) != nil:
		s = seeded(obj)
	case fn.Blocks != nil && (fn.Synthetic != "" || obj == nil || obj.Pkg() == t.pass.Pkg):
		s = t.summarizeGuarded(fn)
	case obj != nil && obj.Pkg() != t.pass.Pkg:
		s = new(Func)
		t.pass.ImportObjectFact(obj, s)
	default:
		s = unknown
	}
	t.funcs[fn] = s
	return s
}

// summarizeGuarded summarizes fn; an SSA shape the engine does not expect
// gives fn the conservative summary instead of crashing the run.
func (t *Table) summarizeGuarded(fn *ssa.Function) (s *Func) {
	t.active[fn] = true
	defer watchdog.Func("leaklintsummary", fn)()
	defer func() {
		delete(t.active, fn)
		if r := recover(); r != nil {
			if DebugPanics {
				panic(r)
			}
			s = unknown
		}
	}()
	return t.summarize(fn)
}

// DebugPanics, set by LEAKLINT_DEBUG_PANICS=1 (and by the tests), makes the
// guards that turn an unexpected SSA shape into "nothing known" re-panic,
// so that a run can prove none happened.
var DebugPanics = os.Getenv("LEAKLINT_DEBUG_PANICS") != ""

// wrapperReleases reports whether the release method of the wrapper that
// root allocates releases its field k. Unknown methods are assumed to.
func (t *Table) wrapperReleases(root *ssa.Alloc, k int, policy Policy) bool {
	typ := root.Type().(*types.Pointer).Elem()
	for _, name := range []string{"Close", "Release", "Stop", "Shutdown"} {
		if !policy.IsRelease(name) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(typ), true, nil, name)
		m, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sel := t.pkg.Prog.MethodSets.MethodSet(types.NewPointer(typ)).Lookup(m.Pkg(), m.Name())
		if sel == nil {
			return true
		}
		fn := t.pkg.Prog.MethodValue(sel)
		if fn == nil {
			return true
		}
		return t.Of(fn).ReleasesField(k)
	}
	return true
}

// keepsFreeVar reports whether the closure fn may release or keep what its
// free variable i refers to (m says whether that is the resource itself or
// a local variable holding it). A closure that only uses it borrows it.
func (t *Table) keepsFreeVar(fn *ssa.Function, i int, m mode, policy Policy) bool {
	key := freeVarKey{fn, i, m, reflect.TypeOf(policy)}
	if kept, ok := t.freeVars[key]; ok {
		return kept
	}
	t.freeVars[key] = true // recursion: assume kept
	w := newWalker(t, policy)
	w.follow(fn.FreeVars[i], m)
	kept := false
	for _, e := range w.events {
		if e.Kills() {
			kept = true
			break
		}
	}
	t.freeVars[key] = kept
	return kept
}

// Well-known functions whose summary is fixed rather than inferred: their
// bodies are in assembly, or too indirect to infer, or their results are
// documented as not the caller's to close.
var seeds = map[string]*Func{
	// Owned results the inference may not see through.
	"os.Open":                            {Fresh: 1, Kept: all},
	"os.Create":                          {Fresh: 1, Kept: all},
	"os.OpenFile":                        {Fresh: 1, Kept: all},
	"os.CreateTemp":                      {Fresh: 1, Kept: all},
	"net.Dial":                           {Fresh: 1, Kept: all},
	"net.DialTimeout":                    {Fresh: 1, Kept: all},
	"net.Listen":                         {Fresh: 1, Kept: all},
	"net.Dialer.Dial":                    {Fresh: 1, Kept: all &^ 1},
	"net.Dialer.DialContext":             {Fresh: 1, Kept: all &^ 1},
	"google.golang.org/grpc.NewClient":   {Fresh: 1, Kept: all},
	"google.golang.org/grpc.Dial":        {Fresh: 1, Kept: all},
	"google.golang.org/grpc.DialContext": {Fresh: 1, Kept: all},
	"google.golang.org/grpc.ClientConn.NewStream": {Fresh: 1, Kept: all &^ 1},
	// HTTP responses: the caller closes the body (closecheck tracks a
	// *http.Response through its Body field). A HEAD response's body is
	// http.NoBody: nothing to close.
	"net/http.Get":                 {Fresh: 1, Kept: all},
	"net/http.Post":                {Fresh: 1, Kept: all},
	"net/http.PostForm":            {Fresh: 1, Kept: all},
	"net/http.Client.Do":           {Fresh: 1, Kept: all &^ 1},
	"net/http.Client.Get":          {Fresh: 1, Kept: all &^ 1},
	"net/http.Client.Post":         {Fresh: 1, Kept: all &^ 1},
	"net/http.Client.PostForm":     {Fresh: 1, Kept: all &^ 1},
	"net/http.Transport.RoundTrip": {Fresh: 1, Kept: all &^ 1},
	// A Cloud Storage writer's Close commits the object: on a failed
	// upload the caller cancels the context instead (the package's
	// documented contract), so an error path without Close loses nothing.
	"cloud.google.com/go/storage.ObjectHandle.NewWriter": {Kept: all &^ 1},
	// Results the caller must not (or need not) close. In-memory pipes
	// leak only when a peer blocks on them: that is chansend's question.
	"io.Pipe":  {Kept: all},
	"net.Pipe": {Kept: all},
	// Buffered wrappers hold the reader or writer they are given: the
	// wrapper carries it (handed on where the wrapper is), and dropping
	// both drops it.
	"bufio.NewReader":                           {Kept: 1, Wrapped: []ParamFlow{{0, 0}}},
	"bufio.NewReaderSize":                       {Kept: 1, Wrapped: []ParamFlow{{0, 0}}},
	"bufio.NewWriter":                           {Kept: 1, Wrapped: []ParamFlow{{0, 0}}},
	"bufio.NewWriterSize":                       {Kept: 1, Wrapped: []ParamFlow{{0, 0}}},
	"io.NopCloser":                              {Kept: all},
	"io/ioutil.NopCloser":                       {Kept: all},
	"os/exec.Cmd.StdinPipe":                     {},
	"os/exec.Cmd.StdoutPipe":                    {},
	"os/exec.Cmd.StderrPipe":                    {},
	"net/http/httptest.ResponseRecorder.Result": {},
	"runtime.SetFinalizer":                      {},
	"runtime.KeepAlive":                         {},
}

func seeded(obj *types.Func) *Func {
	if obj == nil {
		return nil
	}
	return seeds[FuncKey(obj)]
}

// Exclusive runs f with the table to itself: the passes of one package
// run at the same time and share the table's caches.
func (t *Table) Exclusive(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}

// exported returns the part of a summary other packages can use: whether a
// result is fresh matters only for types that can hold a resource, and
// whether a parameter is kept only for those and for the buffers pools
// hand out (*[]byte, []byte), which may be kept by a callee such as
// mem.NewBuffer(buf, pool); an object of a named struct type that holds
// no resource is neither. Generated code such as Kubernetes' DeepCopy functions then
// exports nothing, and the driver copies far fewer facts.
func exported(fn *ssa.Function, s *Func) *Func {
	if s == unknown || s.empty() {
		return s
	}
	out := *s
	for i, p := range fn.Params {
		if i < 64 && plainObject(p.Type()) && out.PutBack&(1<<i) == 0 {
			out.Kept &^= 1 << i
			out.Releases &^= 1 << i
		}
	}
	res := fn.Signature.Results()
	plainResult := make(map[int]bool)
	for j := range min(res.Len(), 64) {
		if !mayContainResource(res.At(j).Type()) {
			out.Fresh &^= 1 << j
			plainResult[j] = true
		}
	}
	// Flows of a plain object (a builder returning its receiver) carry
	// nothing either.
	keep := func(fl ParamFlow) bool {
		return !plainResult[fl.Result] && (fl.Param >= len(fn.Params) || !plainObject(fn.Params[fl.Param].Type()))
	}
	out.Passthrough = slices.DeleteFunc(slices.Clone(out.Passthrough), func(fl ParamFlow) bool { return !keep(fl) })
	out.Wrapped = slices.DeleteFunc(slices.Clone(out.Wrapped), func(fl ParamFlow) bool { return !keep(fl) })
	return &out
}

// plainObject reports a named struct type, or a pointer to one, that can
// hold no resource (a Kubernetes API object).
func plainObject(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return false
	}
	return !mayContainResource(t)
}

// SkipOnPanic, deferred by a pass's check of one function, turns a panic
// on an SSA shape the pass does not expect into "nothing reported for this
// function", so a run over valid code never crashes; with DebugPanics set
// (LEAKLINT_DEBUG_PANICS, and in tests) the panic goes on.
func SkipOnPanic() {
	if r := recover(); r != nil && DebugPanics {
		panic(r)
	}
}
