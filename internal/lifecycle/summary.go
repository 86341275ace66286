package lifecycle

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Func summarizes what a function does with the ownership of its
// parameters and results. It is exported as a fact on the function's
// object so that callers in other packages need not re-analyse it.
// Parameter indexes count the receiver first, as ssa.Function.Params do.
type Func struct {
	Fresh    uint64 // bit j: result j is freshly made here; the caller owns it
	Kept     uint64 // bit i: parameter i may be kept, released or returned (unset: only borrowed)
	Releases uint64 // bit i: parameter i is released on some path (teardown, Shutdown)
	// ReleasedFields, for a release method (Close, Stop...): bit k, field k
	// of the receiver is released or handed on by it.
	ReleasedFields uint64
	Passthrough    []ParamFlow // parameter returned as a result, unchanged
	Wrapped        []ParamFlow // parameter stored in a fresh value returned as a result
	// Inert: bit j, result j holds nothing to release (see inertness).
	Inert uint64
	// NeedsArg: bit i, the fresh results hold something only when
	// parameter i is not nil; a call passing nil for all of them makes
	// nothing the caller must release.
	NeedsArg uint64
	// Lent: bit j, result j was taken from a pool or had a reference
	// taken for the caller, who must give it back (a getBuf wrapper, a
	// method returning a retained snapshot).
	Lent uint64
	// PutBack: bit i, parameter i is put back into a pool on some path
	// (putBuf(b), ae.returnToPool()).
	PutBack uint64
	// Made: bit j, result j is a value allocated by the call and kept by
	// no one else, even if it holds borrowed values (a transaction that
	// points back at its database). Fresh is stricter; Made serves the
	// resource types a configuration names.
	Made uint64
	// KeptOnSuccess: bit i, parameter i is kept only on paths that return
	// a nil error (a constructor or a push that fails keeps nothing), so a
	// caller's error branch still holds it.
	KeptOnSuccess uint64
	// Acquired: bit j, fresh result j comes from a well-known acquisition
	// (grpc.DialContext, os.Open) on every path, directly or through
	// helpers that return one: the caller owns it whatever else the
	// helper was given or kept (a dial whose options capture the client).
	Acquired uint64
	// Active: bit j, fresh result j holds something of its own that only
	// its release stops: the constructor started a goroutine, or stored
	// a context's cancel func or another active value in it (a session
	// with its keepalive loop, a writer with its write queue). It is the
	// caller's even when it also wraps a borrowed closer.
	Active uint64
}

// A ParamFlow says that parameter Param ends up in result Result.
type ParamFlow struct{ Param, Result int }

// AFact marks Func as an analysis fact.
func (*Func) AFact() {}

func (f *Func) String() string {
	var parts []string
	for _, bits := range []struct {
		name string
		set  uint64
	}{
		{"fresh", f.Fresh}, {"kept", f.Kept}, {"releases", f.Releases}, {"fields", f.ReleasedFields},
		{"inert", f.Inert}, {"lent", f.Lent}, {"putback", f.PutBack}, {"needs", f.NeedsArg},
		{"made", f.Made}, {"acquired", f.Acquired}, {"active", f.Active},
	} {
		if bits.set != 0 {
			parts = append(parts, fmt.Sprintf("%s=%b", bits.name, bits.set))
		}
	}
	for _, fl := range f.Passthrough {
		parts = append(parts, fmt.Sprintf("pass%d->%d", fl.Param, fl.Result))
	}
	for _, fl := range f.Wrapped {
		parts = append(parts, fmt.Sprintf("wrap%d->%d", fl.Param, fl.Result))
	}
	return "lifecycle(" + strings.Join(parts, " ") + ")"
}

func (f *Func) empty() bool {
	return f.Fresh == 0 && f.Kept == 0 && f.Releases == 0 && f.ReleasedFields == 0 && len(f.Passthrough) == 0 && len(f.Wrapped) == 0 &&
		f.Inert == 0 && f.NeedsArg == 0 && f.Lent == 0 && f.PutBack == 0 && f.Made == 0 && f.Acquired == 0 && f.Active == 0
}

// PutsBack reports whether parameter i is put back into a pool.
func (f *Func) PutsBack(i int) bool { return i < 64 && f.PutBack&(1<<i) != 0 }

// IsLent reports whether result j must be given back to a pool or have
// its reference released.
func (f *Func) IsLent(j int) bool { return j < 64 && f.Lent&(1<<j) != 0 }

// IsAcquired reports whether result j is a well-known acquisition's,
// handed over by the call.
func (f *Func) IsAcquired(j int) bool { return j < 64 && f.Acquired&(1<<j) != 0 }

// IsActive reports whether result j runs something of its own (a
// goroutine, a cancellable context) until it is released.
func (f *Func) IsActive(j int) bool { return j < 64 && f.Active&(1<<j) != 0 }

// IsFresh reports whether result j is freshly made (owned by the caller).
func (f *Func) IsFresh(j int) bool { return j < 64 && f.Fresh&(1<<j) != 0 }

// FreshAt reports whether result j of a call of f is fresh given the
// call's arguments: not when it passes nil for every parameter the
// result needs to hold anything.
func (f *Func) FreshAt(call *ssa.CallCommon, j int) bool {
	return f.IsFresh(j) && (f.NeedsArg == 0 || !argsNil(call, f.NeedsArg))
}

// IsReleased reports whether parameter i is released on some path.
func (f *Func) IsReleased(i int) bool { return i < 64 && f.Releases&(1<<i) != 0 }

// ReleasesField reports whether a release method releases field k of its
// receiver. Nothing known about the method (no summary) means yes.
func (f *Func) ReleasesField(k int) bool {
	return f == unknown || k >= 64 || f.ReleasedFields&(1<<k) != 0
}

// IsBorrowed reports whether parameter i is only used, never kept.
func (f *Func) IsBorrowed(i int) bool { return i < 64 && f.Kept&(1<<i) == 0 }

// PassesThrough returns the result that parameter i is returned as, or -1.
func (f *Func) PassesThrough(i int) int { return flowOf(f.Passthrough, i) }

// Wraps returns the result whose fresh value holds parameter i, or -1.
func (f *Func) Wraps(i int) int { return flowOf(f.Wrapped, i) }

func flowOf(flows []ParamFlow, i int) int {
	for _, fl := range flows {
		if fl.Param == i {
			return fl.Result
		}
	}
	return -1
}

// summaryPolicy is what summaries treat as a release: a broad set, so that
// a parameter on which any of these is called is never called "borrowed".
type summaryPolicy struct{}

var summaryReleases = map[string]bool{
	"Close": true, "CloseAndRecv": true, "CloseWithError": true, "Release": true, "Put": true,
	"Stop": true, "Shutdown": true, "Done": true, "Cancel": true, "Unref": true,
}

func (summaryPolicy) IsRelease(m string) bool {
	return summaryReleases[strings.TrimSuffix(m, "Locked")]
}
func (summaryPolicy) Releasable(t types.Type) bool { return HasMethod(t, "Close") }
func (summaryPolicy) MethodsBorrow() bool          { return false }

// summarize computes the summary of a function with a body.
func (t *Table) summarize(fn *ssa.Function) *Func {
	s := &Func{}
	for i, p := range fn.Params {
		if i >= 64 {
			break
		}
		t.summarizeParam(s, i, p)
	}
	s.Fresh = t.freshResults(fn)
	s.Made = t.madeResults(fn)
	s.Acquired = resultsOf(fn, s.Fresh, t.acquiredKind)
	s.Active = resultsOf(fn, pointerResults(fn), t.activeKind)
	s.Inert = t.inertResults(fn)
	s.NeedsArg = t.freshOnlyWith(fn, s.Fresh)
	s.Lent = t.lentResults(fn)
	if fn.Signature.Recv() != nil && summaryReleases[fn.Name()] && len(fn.Params) > 0 {
		s.ReleasedFields = t.releasedFields(fn.Params[0])
	}
	return s
}

// releasedFields returns the fields of receiver p that a release method
// releases or hands on: a field loaded and closed (c.conn.Close()), a
// method released on a field's address (an embedded struct value's Close).
// The receiver handed whole to a call that may release it (a closeAll
// helper) counts as every field.
func (t *Table) releasedFields(p *ssa.Parameter) uint64 {
	var fields uint64
	for _, ref := range *p.Referrers() {
		switch u := ref.(type) {
		case *ssa.FieldAddr:
			if t.fieldReleased(u) {
				fields |= 1 << min(u.Field, 63)
			}
		case *ssa.Field:
			if t.killed(u) {
				fields |= 1 << min(u.Field, 63)
			}
		case ssa.CallInstruction:
			if t.mayReleaseArg(u.Common(), p) {
				return ^uint64(0)
			}
		}
	}
	return fields
}

func (t *Table) fieldReleased(fa *ssa.FieldAddr) bool {
	for _, ref := range *fa.Referrers() {
		switch u := ref.(type) {
		case *ssa.UnOp:
			if t.killed(u) || calledFunc(u) {
				return true
			}
		case ssa.CallInstruction:
			if t.mayReleaseArg(u.Common(), fa) {
				return true
			}
		}
	}
	return false
}

// calledFunc reports whether v, a function value loaded from a field, is
// called: a cleanup callback the release method runs.
func calledFunc(v ssa.Value) bool {
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return false
	}
	for _, ref := range *v.Referrers() {
		if c, ok := ref.(ssa.CallInstruction); ok && c.Common().Value == v {
			return true
		}
	}
	return false
}

// killed reports whether v is released or handed on in its function.
func (t *Table) killed(v ssa.Value) bool {
	for _, e := range t.Uses(v, summaryPolicy{}) {
		if e.Kills() {
			return true
		}
	}
	return false
}

// mayReleaseArg reports whether a call may release or keep its argument v:
// a release method called on it, or a callee that does not borrow it.
func (t *Table) mayReleaseArg(c *ssa.CallCommon, v ssa.Value) bool {
	callee := c.StaticCallee()
	for i, a := range c.Args {
		if a != v {
			continue
		}
		if callee == nil || summaryReleases[callee.Name()] || !t.Of(callee).IsBorrowed(i) {
			return true
		}
	}
	return c.IsInvoke() && c.Value == v && summaryReleases[c.Method.Name()]
}

func (t *Table) summarizeParam(s *Func, i int, p *ssa.Parameter) {
	if !mayHoldResource(p.Type()) || neverAResource(p.Type()) {
		return // borrowed: an int, a string, a context holds no resource
	}
	result, held, kept := -1, false, false
	var keeps []ssa.Instruction // where it is handed on; nil once anything else keeps it
	for _, e := range t.Uses(p, summaryPolicy{}) {
		switch e.Kind {
		case Released:
			kept = true
			s.Releases |= 1 << i
			keeps = append(keeps, nil)
		case HandedOn:
			kept = true
			keeps = append(keeps, e.Instr)
			if c, ok := e.Instr.(ssa.CallInstruction); ok && putsBack(c.Common(), p) {
				s.Releases |= 1 << i // a putBuf wrapper
				s.PutBack |= 1 << i
				keeps = append(keeps, nil)
			}
		case Returned:
			if result >= 0 && (result != e.Result || held != e.Held) {
				kept = true
			}
			result, held = e.Result, e.Held
		}
	}
	switch {
	case kept:
		s.Kept |= 1 << i
		if t.keptOnlyOnSuccess(p.Parent(), keeps) {
			s.KeptOnSuccess |= 1 << i
		}
	case result < 0: // borrowed
	case held:
		s.Kept |= 1 << i
		s.Wrapped = append(s.Wrapped, ParamFlow{i, result})
	default:
		s.Kept |= 1 << i
		s.Passthrough = append(s.Passthrough, ParamFlow{i, result})
	}
}

// freshResults returns the bit set of results that every return sets to
// nil or to a value made in this call that nothing else kept, and at least
// one return sets to such a value.
func (t *Table) freshResults(fn *ssa.Function) uint64 {
	n := fn.Signature.Results().Len()
	if n == 0 || n > 64 {
		return 0
	}
	var fresh uint64 = 1<<n - 1
	for j := range n {
		if !mayHoldResource(fn.Signature.Results().At(j).Type()) || IsError(fn.Signature.Results().At(j).Type()) {
			fresh &^= 1 << j // errors and plain values are never resources
		}
	}
	return resultsOf(fn, fresh, t.freshness)
}

// resultsOf returns the results among candidates that every return sets
// to nil or to a value kind calls fresh, and at least one return sets to
// such a value.
func resultsOf(fn *ssa.Function, candidates uint64, kind func(ssa.Value, int) freshKind) uint64 {
	var seen uint64
	for _, ret := range returns(fn) {
		for j, r := range ret.Results {
			if candidates&(1<<j) == 0 {
				continue // already known not fresh (or an error)
			}
			switch kind(r, 0) {
			case isFresh:
				seen |= 1 << j
			case notFresh:
				candidates &^= 1 << j
			}
		}
	}
	return candidates & seen
}

// madeResults returns the bit set of pointer results that every return
// sets to nil or to a value allocated in this call (directly or by a
// callee) that nothing else kept, and at least one return sets to one.
func (t *Table) madeResults(fn *ssa.Function) uint64 {
	made := pointerResults(fn)
	if made == 0 {
		return 0
	}
	return resultsOf(fn, made, t.madeKind)
}

// pointerResults returns the bit set of fn's pointer results.
func pointerResults(fn *ssa.Function) uint64 {
	res := fn.Signature.Results()
	if res.Len() > 64 {
		return 0
	}
	var ptrs uint64
	for j := range res.Len() {
		if _, ok := res.At(j).Type().Underlying().(*types.Pointer); ok {
			ptrs |= 1 << j
		}
	}
	return ptrs
}

// madeKind classifies a returned value for madeResults.
func (t *Table) madeKind(v ssa.Value, depth int) freshKind {
	return classifyMerged(v, depth, t.madeKind, func(v ssa.Value, _ int) freshKind {
		if a, ok := v.(*ssa.Alloc); ok && a.Heap && !t.keptBesides(a, registeredAsKey) {
			return isFresh
		}
		if call, j := callResult(v); call != nil && t.madeByCall(call, j) {
			return isFresh
		}
		return notFresh
	})
}

// classifyMerged classifies v for one kind of result bits: nil, or, for
// what v merges (through conversions, phis and the local variables it
// was loaded from), each value as leaf classifies it; self classifies
// the merged values the same way.
func classifyMerged(v ssa.Value, depth int, self, leaf func(ssa.Value, int) freshKind) freshKind {
	if depth > 8 {
		return notFresh
	}
	if x, ok := conversionOperand(v); ok {
		return self(x, depth+1)
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.IsNil() {
			return isNilValue
		}
		return notFresh
	case *ssa.Phi:
		return allOf(x.Edges, depth, self)
	case *ssa.UnOp:
		if cell, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			return allOf(StoredValues(cell), depth, self)
		}
	}
	return leaf(v, depth)
}

// madeByCall reports whether result j of call is Made by its callee.
func (t *Table) madeByCall(call *ssa.Call, j int) bool {
	callee := call.Call.StaticCallee()
	return callee != nil && j < 64 && t.Of(callee).Made&(1<<j) != 0
}

type freshKind uint8

const (
	notFresh freshKind = iota
	isNilValue
	isFresh
)

// freshness classifies a returned value. depth bounds the walk through
// phis and conversions.
func (t *Table) freshness(v ssa.Value, depth int) freshKind {
	if depth > 8 {
		return notFresh
	}
	if x, ok := conversionOperand(v); ok {
		return t.freshness(x, depth+1)
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.IsNil() {
			return isNilValue
		}
	case *ssa.Alloc:
		if k := t.inertAlloc(x); k.inert && k.cond == 0 {
			return notFresh
		}
		if x.Heap && !t.trivialClose(x.Type()) && !t.wrapsUnownedFields(x) && !t.keptBeforeReturn(x) {
			return isFresh
		}
	case *ssa.TypeAssert:
		if !x.CommaOk {
			return t.freshness(x.X, depth+1)
		}
	case *ssa.Phi:
		return allOf(x.Edges, depth, t.freshness)
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			return t.callFreshness(call, x.Index, depth)
		}
	case *ssa.Call:
		return t.callFreshness(x, 0, depth)
	case *ssa.UnOp:
		if cell, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			return t.cellFreshness(cell, depth)
		}
	}
	return notFresh
}

// acquiredKind classifies a returned value for the Acquired bits: the
// result of a well-known acquisition or of a helper returning one.
func (t *Table) acquiredKind(v ssa.Value, depth int) freshKind {
	return classifyMerged(v, depth, t.acquiredKind, func(v ssa.Value, _ int) freshKind {
		call, j := callResult(v)
		if call == nil || call.Call.StaticCallee() == nil {
			return notFresh
		}
		callee := call.Call.StaticCallee()
		if sum := t.Of(callee); sum.IsAcquired(j) || wellKnown(callee) && sum.IsFresh(j) {
			return isFresh
		}
		return notFresh
	})
}

// invokeFreshness classifies result j of a call through an interface or
// a function value: a client stream from a stream-returning method (a
// generated client's) or an io closer the method opened (OpensCloser)
// is the caller's, as closecheck counts it at the call, so a helper
// returning one hands it over; nothing else is known to be fresh.
func (t *Table) invokeFreshness(call *ssa.Call, j int) freshKind {
	res := call.Call.Signature().Results()
	if !call.Call.IsInvoke() || j >= res.Len() || !IsClientStream(res.At(j).Type()) && !OpensCloser(&call.Call, j) {
		return notFresh
	}
	if v := ResultValue(call, j); v != nil && t.keptBeforeReturn(v) {
		return notFresh
	}
	return isFresh
}

// cellFreshness is the freshness of what a local cell holds: of everything
// stored into it. It is memoized: a function with defers keeps its results
// in cells that every return stores and loads.
func (t *Table) cellFreshness(cell *ssa.Alloc, depth int) freshKind {
	if k, ok := t.cells[cell]; ok {
		return k
	}
	t.cells[cell] = notFresh // a cell that (indirectly) holds itself
	k := allOf(StoredValues(cell), depth, t.freshness)
	t.cells[cell] = k
	return k
}

// allOf classifies a merge of values (a phi's edges, what a cell
// holds): not fresh if any is not, fresh if some is, else nil.
func allOf(vs []ssa.Value, depth int, kind func(ssa.Value, int) freshKind) freshKind {
	merged := isNilValue
	for _, e := range vs {
		switch kind(e, depth+1) {
		case notFresh:
			return notFresh
		case isFresh:
			merged = isFresh
		}
	}
	return merged
}

func (t *Table) callFreshness(call *ssa.Call, j int, depth int) freshKind {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return t.invokeFreshness(call, j)
	}
	sum := t.Of(callee)
	if sum.FreshAt(&call.Call, j) {
		if v := ResultValue(call, j); v != nil && t.keptBeforeReturn(v) {
			return notFresh // e.g. a test helper that also registers a t.Cleanup
		}
		if !wellKnown(callee) && !sum.IsAcquired(j) && !sum.IsActive(j) && t.wrapsUnowned(call, depth, true) {
			return notFresh // a wrapper over a reader nobody here owns
		}
		return isFresh
	}
	if j < 64 && sum.Inert&(1<<j) != 0 && t.filledHere(ResultValue(call, j), depth) {
		return isFresh
	}
	for i, a := range call.Call.Args {
		if sum.PassesThrough(i) == j {
			return t.freshness(a, depth+1)
		}
	}
	return notFresh
}

// StoredValues returns every value stored directly into a local cell,
// except reloads of the cell itself (`return r, nil` on a named result
// stores *r back into r).
func StoredValues(cell *ssa.Alloc) []ssa.Value {
	var vs []ssa.Value
	for _, r := range *cell.Referrers() {
		s, ok := r.(*ssa.Store)
		if !ok || s.Addr != cell {
			continue
		}
		if load, ok := s.Val.(*ssa.UnOp); ok && load.Op == token.MUL && load.X == cell {
			continue
		}
		vs = append(vs, s.Val)
	}
	return vs
}

// keptBeforeReturn reports whether a fresh value is handed to someone
// else (a registry, a goroutine, a field) besides being returned. A
// deferred cleanup closure, run only on failure, does not count.
func (t *Table) keptBeforeReturn(v ssa.Value) bool {
	return t.keptBesides(v, func(Event) bool { return false })
}

// keptBesides is keptBeforeReturn, not counting the hand-offs allowed
// accepts.
func (t *Table) keptBesides(v ssa.Value, allowed func(Event) bool) bool {
	for _, e := range t.Uses(v, summaryPolicy{}) {
		if e.Kind != HandedOn || allowed(e) {
			continue
		}
		if mc, ok := e.Instr.(*ssa.MakeClosure); ok && (OnlyDeferred(mc) || onlyStoredInto(mc, v)) {
			continue
		}
		return true
	}
	return false
}

// registeredAsKey reports a value recorded as a key of a set (its
// maker's cr.refs[ref] = struct{}{}): a handle registered with what made
// it, which its release removes, is still the caller's to release.
func registeredAsKey(e Event) bool {
	mu, ok := e.Instr.(*ssa.MapUpdate)
	if !ok {
		return false
	}
	switch u := mu.Value.Type().Underlying().(type) {
	case *types.Basic:
		return true // what is handed on is the key: set[v] = true
	case *types.Struct:
		return u.NumFields() == 0
	}
	return false
}

// onlyStoredInto reports whether v is only stored into fields of obj: a
// method value of the object kept in the object itself
// (c.handshakeFn = c.clientHandshake) is a cycle, not an escape.
func onlyStoredInto(v ssa.Value, obj ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val != v {
			return false
		}
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if !ok || fa.X != obj {
			return false
		}
	}
	return true
}

// OnlyDeferred reports whether v (a closure or function value) is used
// only as the function of defer statements.
func OnlyDeferred(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if d, ok := r.(*ssa.Defer); !ok || d.Call.Value != v {
			return false
		}
	}
	return true
}

// returns returns the Return instructions of fn.
func returns(fn *ssa.Function) []*ssa.Return {
	var rets []*ssa.Return
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, ret)
		}
	}
	return rets
}

// keptOnlyOnSuccess reports whether every return reached after one of
// keeps (the instructions handing a parameter on) returns a nil error:
// on the paths that fail, the function kept nothing. A store into a
// value the function allocated counts where that value is returned, when
// nothing else takes it (a constructor that checks its new value before
// returning it). A nil entry is a release or a put back, which this does
// not cover.
func (t *Table) keptOnlyOnSuccess(fn *ssa.Function, keeps []ssa.Instruction) bool {
	res := fn.Signature.Results()
	if len(keeps) == 0 || res.Len() == 0 || !IsError(res.At(res.Len()-1).Type()) {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{}
	var work []*ssa.BasicBlock
	for _, k := range keeps {
		if k == nil || k.Block() == nil {
			return false
		}
		if rets, ok := t.returnsOfHolder(k); ok {
			for _, r := range rets {
				if !nilError(r) {
					return false
				}
			}
			continue
		}
		if !seen[k.Block()] {
			seen[k.Block()] = true
			work = append(work, k.Block())
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !nilError(ret) {
			return false
		}
		for _, succ := range b.Succs {
			if !seen[succ] {
				seen[succ] = true
				work = append(work, succ)
			}
		}
	}
	return true
}

// nilError reports a return whose error is a constant nil: directly, or
// stored into the result's slot just before (a function with defers
// returns its results through slots).
func nilError(ret *ssa.Return) bool {
	v := ret.Results[len(ret.Results)-1]
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if slot, ok := load.X.(*ssa.Alloc); ok && !slot.Heap {
			v = lastStored(ret.Block(), slot)
		}
	}
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// lastStored returns the value last stored into slot in block b, or nil.
func lastStored(b *ssa.BasicBlock, slot *ssa.Alloc) ssa.Value {
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		if st, ok := b.Instrs[i].(*ssa.Store); ok && st.Addr == slot {
			return st.Val
		}
	}
	return nil
}

// returnsOfHolder returns, for a store into a field of a value the
// function allocated, the returns that give that value out, when
// everything else done with it only borrows it.
func (t *Table) returnsOfHolder(k ssa.Instruction) ([]*ssa.Return, bool) {
	st, ok := k.(*ssa.Store)
	if !ok {
		return nil, false
	}
	a, direct := localRoot(st.Addr)
	if a == nil || direct || !a.Heap {
		return nil, false
	}
	var rets []*ssa.Return
	for _, ref := range *a.Referrers() {
		switch x := ref.(type) {
		case *ssa.FieldAddr, *ssa.DebugRef:
		case *ssa.Return:
			rets = append(rets, x)
		case ssa.CallInstruction:
			if !t.borrowsAll(x.Common(), a) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return rets, true
}

// borrowsAll reports whether a static call only borrows v wherever it is
// an argument.
func (t *Table) borrowsAll(c *ssa.CallCommon, v ssa.Value) bool {
	callee := c.StaticCallee()
	if callee == nil || c.IsInvoke() {
		return false
	}
	sum := t.Of(callee)
	for i, a := range c.Args {
		if a == v && !sum.IsBorrowed(i) {
			return false
		}
	}
	return true
}
