package lifecycle

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An allocation is inert when its release method would release nothing:
// every receiver field that method releases is left unset, or set to a
// value that holds nothing (nil, a channel or map nobody else has seen, a
// function literal that does nothing). An in-memory key registry whose
// file field stays nil, an unbounded buffer whose Close only closes its
// own channel, a manual resolver whose close callback is empty: losing one
// leaks nothing, so a constructor returning one is not a resource
// constructor.
//
// When the released fields are set only from parameters, the allocation
// is inert exactly when the caller passes nil for them
// (NewChannelCreds(bundle, id, nil)): those parameters are the
// condition.
type inertness struct {
	inert bool
	cond  uint64 // parameters whose non-nil value makes it hold something
}

// inertAlloc reports whether a, allocated in fn, is inert, and under which
// parameters' nil-ness.
func (t *Table) inertAlloc(a *ssa.Alloc) inertness {
	if k, ok := t.inerts[a]; ok {
		return k
	}
	t.inerts[a] = inertness{} // a cycle is not inert
	k := t.computeInert(a)
	t.inerts[a] = k
	return k
}

func (t *Table) computeInert(a *ssa.Alloc) inertness {
	released := t.releasedFieldsOf(a.Type())
	if released == 0 || released == ^uint64(0) {
		return inertness{} // nothing known, or everything: not provably inert
	}
	var k inertness
	for _, ref := range *a.Referrers() {
		switch u := ref.(type) {
		case *ssa.FieldAddr:
			if u.Field < 64 && released&(1<<u.Field) == 0 {
				continue // a field the release method does not touch
			}
			cond, ok := t.inertField(u)
			if !ok {
				return inertness{}
			}
			k.cond |= cond
		case *ssa.DebugRef:
		case *ssa.Call: // not a go statement: a goroutine holding it is what Close stops
			if t.callMaySet(u.Common(), a, released, 0) {
				return inertness{} // handed to code that may set its fields
			}
		default:
			if !onlyReturned(ref) {
				return inertness{} // handed to code that may set its fields
			}
		}
	}
	k.inert = true
	return k
}

// callMaySet reports whether a call given v may set one of fields of what
// v points to: it passes v to a function of this package that stores
// into one of them, or hands v on further than its own methods
// (i.init(cmp, block) setting everything but the cache handle that Close
// releases leaves the handle unset).
func (t *Table) callMaySet(c *ssa.CallCommon, v ssa.Value, fields uint64, depth int) bool {
	callee := c.StaticCallee()
	if callee == nil || callee.Blocks == nil || callee.Pkg != t.pkg || depth > 3 {
		return true
	}
	for i, a := range c.Args {
		if a == v && (i >= len(callee.Params) || t.paramMaySet(callee.Params[i], fields, depth+1)) {
			return true
		}
	}
	return false
}

// paramMaySet reports whether the function of p may set one of fields of
// what p points to.
func (t *Table) paramMaySet(p *ssa.Parameter, fields uint64, depth int) bool {
	for _, ref := range *p.Referrers() {
		switch u := ref.(type) {
		case *ssa.FieldAddr:
			if u.Field < 64 && fields&(1<<u.Field) == 0 {
				continue
			}
			for _, fr := range *u.Referrers() {
				if _, load := fr.(*ssa.UnOp); !load {
					return true // stored, or its address taken
				}
			}
		case *ssa.Call:
			if t.callMaySet(u.Common(), p, fields, depth) {
				return true
			}
		case *ssa.DebugRef:
		default:
			return true
		}
	}
	return false
}

// releasedFieldsOf returns the receiver fields that the Close (or
// Release) method of typ (a pointer to a struct) releases. A Close promoted from an embedded
// field releases that field.
func (t *Table) releasedFieldsOf(typ types.Type) uint64 {
	var m *types.Func
	var index []int
	for _, name := range []string{"Close", "Release", "DecRef", "Unref"} {
		obj, idx, _ := types.LookupFieldOrMethod(typ, true, nil, name)
		if f, ok := obj.(*types.Func); ok && len(idx) > 0 {
			m, index = f, idx
			break
		}
	}
	if m == nil {
		return 0
	}
	if len(index) > 1 {
		return 1 << min(index[0], 63)
	}
	fn := t.pkg.Prog.FuncValue(m.Origin()) // a generic type's method: its origin
	if fn == nil {
		return 0
	}
	return t.Of(fn).ReleasedFields
}

// inertField reports whether every value stored into the released field
// fa is inert, and the parameters it is inert only without.
func (t *Table) inertField(fa *ssa.FieldAddr) (uint64, bool) {
	var cond uint64
	for _, ref := range *fa.Referrers() {
		switch u := ref.(type) {
		case *ssa.Store:
			if u.Addr != fa {
				return 0, false
			}
			c, ok := t.inertValue(u.Val, 0)
			if !ok {
				return 0, false
			}
			cond |= c
		case *ssa.UnOp, *ssa.DebugRef:
			// a load: reading the field changes nothing
		default:
			return 0, false // its address is taken: anything may be stored
		}
	}
	return cond, true
}

// inertValue reports whether v holds nothing a release could release, or
// holds only a parameter (returned as a condition bit).
func (t *Table) inertValue(v ssa.Value, depth int) (uint64, bool) {
	if depth > 4 {
		return 0, false
	}
	switch x := v.(type) {
	case *ssa.Const:
		return 0, true
	case *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice:
		return 0, len(*v.Referrers()) == 1 // stored here and nowhere else
	case *ssa.Function:
		return 0, doesNothing(x)
	case *ssa.MakeClosure:
		return 0, doesNothing(x.Fn.(*ssa.Function))
	case *ssa.Parameter:
		if i := paramIndex(x); i >= 0 && i < 64 {
			return 1 << i, true
		}
	case *ssa.Phi:
		var cond uint64
		for _, e := range x.Edges {
			c, ok := t.inertValue(e, depth+1)
			if !ok {
				return 0, false
			}
			cond |= c
		}
		return cond, true
	case *ssa.Call:
		if onceWrapper(x) {
			return t.inertValue(x.Call.Args[0], depth+1)
		}
		return 0, t.inertCall(x, 0)
	case *ssa.Extract:
		call, ok := x.Tuple.(*ssa.Call)
		return 0, ok && t.inertCall(call, x.Index)
	case *ssa.MakeInterface:
		return t.inertValue(x.X, depth+1)
	}
	return 0, false
}

// inertCall reports whether result j of call holds nothing, by the
// callee's summary.
func (t *Table) inertCall(call *ssa.Call, j int) bool {
	callee := call.Call.StaticCallee()
	return callee != nil && j < 64 && t.Of(callee).Inert&(1<<j) != 0
}

// onceWrapper reports sync.OnceFunc(f): it runs f, nothing else.
func onceWrapper(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || len(call.Call.Args) != 1 {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	return FuncKey(obj) == "sync.OnceFunc"
}

// doesNothing reports a function body with no calls, stores, sends or
// panics: an empty callback.
func doesNothing(fn *ssa.Function) bool {
	if fn == nil || fn.Blocks == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch u := instr.(type) {
			case *ssa.Store:
				if c, ok := u.Val.(*ssa.Const); !ok || !c.IsNil() {
					return false // clearing a field (i.val = nil) releases nothing
				}
			case ssa.CallInstruction, *ssa.Send, *ssa.MapUpdate, *ssa.Panic:
				return false
			}
		}
	}
	return true
}

// onlyReturned reports whether instr only returns the allocation, possibly
// after converting it or merging it at a phi.
func onlyReturned(instr ssa.Instruction) bool {
	switch u := instr.(type) {
	case *ssa.Return:
		return true
	case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Phi:
		for _, r := range *u.(ssa.Value).Referrers() {
			if !onlyReturned(r) {
				return false
			}
		}
		return true
	}
	return false
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// inertResults returns the results of fn that hold nothing on every
// return: nil, or an inert allocation with no condition.
func (t *Table) inertResults(fn *ssa.Function) uint64 {
	n := fn.Signature.Results().Len()
	if n == 0 || n > 64 {
		return 0
	}
	inert, seen := uint64(1)<<n-1, uint64(0)
	for _, ret := range returns(fn) {
		for j, r := range ret.Results {
			switch x := StripConversions(r).(type) {
			case *ssa.Const:
			case *ssa.Alloc:
				if k := t.inertAlloc(x); !k.inert || k.cond != 0 {
					inert &^= 1 << j
				}
				seen |= 1 << j
			default:
				if cond, ok := t.inertValue(x, 0); !ok || cond != 0 || t.filledHere(x, 0) {
					inert &^= 1 << j
				}
				seen |= 1 << j
			}
		}
	}
	return inert & seen
}

// argsNil reports whether call passes a nil constant for every parameter
// in mask.
func argsNil(call *ssa.CallCommon, mask uint64) bool {
	args := call.Args
	if call.IsInvoke() {
		return false
	}
	for i := range 64 {
		if mask&(1<<i) == 0 {
			continue
		}
		if i >= len(args) {
			return false
		}
		c, ok := StripConversions(args[i]).(*ssa.Const)
		if !ok || !c.IsNil() {
			return false
		}
	}
	return true
}

// freshOnlyWith returns the parameters that the fresh results of fn need
// to hold anything: set when every fresh value returned is an allocation
// inert but for those parameters.
func (t *Table) freshOnlyWith(fn *ssa.Function, fresh uint64) uint64 {
	if fresh == 0 {
		return 0
	}
	var cond uint64
	for _, ret := range returns(fn) {
		for j, r := range ret.Results {
			if fresh&(1<<j) == 0 {
				continue
			}
			switch x := StripConversions(r).(type) {
			case *ssa.Const:
			case *ssa.Alloc:
				k := t.inertAlloc(x)
				if !k.inert || k.cond == 0 {
					return 0
				}
				cond |= k.cond
			default:
				return 0
			}
		}
	}
	return cond
}

// filledHere reports whether this function stores a fresh value into a
// field that v's release method releases: an inert object made by a
// helper and then given a file to own (img, _ := newImage(f); img.closer = f).
func (t *Table) filledHere(v ssa.Value, depth int) bool {
	if v == nil || v.Referrers() == nil {
		return false
	}
	released := t.releasedFieldsOf(v.Type())
	for _, ref := range *v.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || (fa.Field < 64 && released&(1<<fa.Field) == 0) {
			continue
		}
		for _, r := range *fa.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == fa && t.ownedHere(st.Val, depth+1) {
				return true
			}
		}
	}
	return false
}
