package lifecycle

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Tracked is one acquisition followed through its function: the uses that
// release or hand it on, and the branches on which it is not held.
type Tracked struct {
	Resource
	// Discarded: the acquired value is never used.
	Discarded bool
	// Events are the ownership events of its uses.
	Events []Event
	// HandedOn: some use hands it on (returns, stores, passes it), rather
	// than only releasing it.
	HandedOn bool
	// HandedOnSuccess: a callee keeps it on the branches where it
	// succeeds (its error is nil); the others still hold it.
	HandedOnSuccess bool
	// ReleasedAtExit: a deferred cleanup registered before the
	// acquisition captures the variable it is stored in.
	ReleasedAtExit bool
}

// Track follows result j of call under policy. The acquiring call's error
// branch and the value's nil branches carry nothing.
func (t *Table) Track(call *ssa.Call, j int, policy Policy) *Tracked {
	v := ResultValue(call, j)
	if v == nil || v.Referrers() == nil || len(*v.Referrers()) == 0 {
		return &Tracked{Resource: Resource{Acquire: call, Edges: make(map[Edge]bool)}, Discarded: true}
	}
	return t.TrackValues(call, ErrorResult(call), policy, v)
}

// TrackValues follows a resource held from the instruction acquire on,
// known by the values vs (one value, or the loads of one field that all
// read the same object), under policy. err, if not nil, is the acquiring
// call's error: its non-nil branches carry nothing.
func (t *Table) TrackValues(acquire ssa.Instruction, err ssa.Value, policy Policy, vs ...ssa.Value) *Tracked {
	tr := &Tracked{Resource: Resource{Acquire: acquire, Edges: make(map[Edge]bool)}}
	for _, v := range vs {
		if v.Referrers() != nil {
			tr.Events = append(tr.Events, t.Uses(v, policy)...)
		}
	}
	for _, e := range tr.Events {
		if registeredEarlier(e, acquire) {
			tr.ReleasedAtExit = true
		}
		switch {
		case e.OnSuccess != nil && tr.addSuccessEdges(e.OnSuccess):
			tr.HandedOn, tr.HandedOnSuccess = true, true
		case e.Kills():
			tr.Kills = append(tr.Kills, e.Instr)
			tr.HandedOn = tr.HandedOn || e.Kind != Released
		case e.Kind == NilCompared:
			addEdges(tr.Edges, e.Instr.(ssa.Value), false)
		}
	}
	for _, err := range checkedForms(err) {
		addEdges(tr.Edges, err, true)
	}
	return tr
}

// addSuccessEdges marks as not held the branches on which err, the error
// of a callee that keeps the value only when it succeeds, is nil, and
// reports whether err is tested at all; untested, the call counts as
// handing the value on.
func (r *Resource) addSuccessEdges(err ssa.Value) bool {
	success := make(map[Edge]bool)
	addEdges(success, err, false)
	for e := range success {
		r.Edges[e] = true
	}
	return len(success) > 0
}

// AddFalseEdges marks as not held the branches on which cond, a bool
// (or its negation), is false: a TryAcquire that failed took nothing.
func (r *Resource) AddFalseEdges(cond ssa.Value) {
	addIfEdges(r.Edges, cond, 1)
	for _, ref := range *cond.Referrers() {
		if u, ok := ref.(*ssa.UnOp); ok && u.Op == token.NOT {
			addIfEdges(r.Edges, u, 0)
		}
	}
}

// AddNonNilEdges marks as not held the branches on which err is known to be
// non-nil: a stream is finished where a receive failed.
func (r *Resource) AddNonNilEdges(err ssa.Value) { addEdges(r.Edges, err, true) }

// registeredEarlier reports a deferred closure, registered before the
// acquisition, that captures the variable the resource is stored in: it
// runs at every exit, so the resource is released there.
func registeredEarlier(e Event, acq ssa.Instruction) bool {
	mc, ok := e.Instr.(*ssa.MakeClosure)
	return ok && e.Kind != MethodCall && mc.Pos() < acq.Pos() && OnlyDeferred(mc)
}

// ErrorResult returns the error result of call, if it has one in use.
func ErrorResult(call *ssa.Call) ssa.Value {
	res := call.Call.Signature().Results()
	if n := res.Len(); n > 1 && IsError(res.At(n-1).Type()) {
		return ResultValue(call, n-1)
	}
	return nil
}

// addEdges marks the If edges on which a value is known nil (nonNil false)
// or known non-nil (nonNil true). For a value compared with nil, v is
// the comparison.
func addEdges(edges map[Edge]bool, v ssa.Value, nonNil bool) {
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
func addCompareEdges(edges map[Edge]bool, cmp *ssa.BinOp, v ssa.Value, nonNil bool) {
	other := cmp.Y
	if v != nil && cmp.Y == v {
		other = cmp.X
	} else if v == nil {
		if isNil(cmp.X) {
			other = cmp.X
		}
	}
	var trueMeansNonNil bool
	switch {
	case cmp.Op == token.NEQ && isNil(other):
		trueMeansNonNil = true
	case cmp.Op == token.EQL && isNil(other):
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

func addIfEdges(edges map[Edge]bool, cond ssa.Value, succ int) {
	for _, ref := range *cond.Referrers() {
		if iff, ok := ref.(*ssa.If); ok && iff.Cond == cond {
			edges[Edge{From: iff.Block(), Succ: succ}] = true
		}
	}
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
// deferred closure captures, or the enclosing function's err a closure
// assigns), the loads of that variable that still see v: those later in
// the same block, before anything else is stored there.
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
		switch st.Addr.(type) {
		case *ssa.Alloc, *ssa.FreeVar: // a local, or one captured from the enclosing function
			forms = append(forms, loadsAfter(st, st.Addr)...)
		case *ssa.FieldAddr: // h, it.err = r.read(); if it.err != nil
			forms = append(forms, fieldLoadsAfter(st)...)
		}
	}
	return forms
}

func loadsAfter(st *ssa.Store, cell ssa.Value) []ssa.Value {
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

// fieldLoadsAfter returns the loads of the field st stores into that read
// what it stored: later in its block, before another store to the field
// or a call that could write it.
func fieldLoadsAfter(st *ssa.Store) []ssa.Value {
	var loads []ssa.Value
	b := st.Block()
	for _, instr := range b.Instrs[slices.Index(b.Instrs, ssa.Instruction(st))+1:] {
		switch u := instr.(type) {
		case *ssa.Store:
			if SamePlace(u.Addr, st.Addr) {
				return loads
			}
		case ssa.CallInstruction:
			return loads
		case *ssa.UnOp:
			if u.Op == token.MUL && SamePlace(u.X, st.Addr) {
				loads = append(loads, u)
			}
		}
	}
	return loads
}
