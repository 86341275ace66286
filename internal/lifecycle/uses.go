package lifecycle

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// EventKind says what one use does to the ownership of a tracked value.
type EventKind uint8

const (
	// Released: a release method was called or deferred on the value.
	Released EventKind = iota + 1
	// HandedOn: ownership went where this function no longer answers for it
	// (a field of a longer-lived value, a channel, a goroutine or closure
	// that keeps it, a function that keeps or releases it, unknown code).
	HandedOn
	// Returned: the value, or a local wrapper holding it, is a result.
	Returned
	// MethodCall: a method that does not release it was called on it.
	MethodCall
	// NilCompared: the value was compared with nil.
	NilCompared
)

// An Event is one use of a tracked value that a pass may care about.
type Event struct {
	Kind   EventKind
	Instr  ssa.Instruction
	Result int    // Returned: index of the result
	Held   bool   // Returned: returned inside a wrapper, not itself
	Method string // MethodCall: the method's name
	// OnSuccess, for HandedOn: the call's error result; the callee keeps
	// the value only when it is nil.
	OnSuccess ssa.Value
}

// Kills reports whether the event ends this function's ownership.
func (e Event) Kills() bool {
	return e.Kind == Released || e.Kind == HandedOn || e.Kind == Returned
}

// Policy tells the walker what releases a value and who owns what it holds.
type Policy interface {
	// IsRelease reports whether calling the named method on the value
	// releases it.
	IsRelease(method string) bool
	// Releasable reports whether values of type t must be released. Fields
	// of this type loaded from a tracked value are followed as the value.
	Releasable(t types.Type) bool
	// MethodsBorrow reports whether a method that is not a release,
	// called on the value itself, only borrows it whatever its summary
	// says: a resource's own methods (Handshake, Start) rarely give it
	// away, and when they do the caller must still close it.
	MethodsBorrow() bool
}

// mode says how a walked value relates to the tracked resource.
type mode uint8

const (
	asValue  mode = iota // the resource itself, converted or merged
	inHolder             // a local variable, struct or array that holds it
	fieldOf              // a field or element of the resource
	// innerValue is a closable value loaded from a field of the resource:
	// closing it releases the resource (a wrapper's Close closing its
	// conn), but handing it on does not hand the resource on.
	innerValue
)

type walkKey struct {
	v ssa.Value
	m mode
}

// walker follows one value through its function and records the events.
type walker struct {
	tab    *Table
	policy Policy
	seen   map[walkKey]bool
	events []Event
	// unreleasing are local wrappers whose release method does not
	// release the field that holds the resource.
	unreleasing map[ssa.Value]bool
}

func newWalker(t *Table, policy Policy) *walker {
	return &walker{tab: t, policy: policy, seen: make(map[walkKey]bool), unreleasing: make(map[ssa.Value]bool)}
}

// Uses returns the ownership events of v inside its function.
func (t *Table) Uses(v ssa.Value, policy Policy) []Event {
	w := newWalker(t, policy)
	w.follow(v, asValue)
	return w.events
}

func (w *walker) emit(m mode, e Event) {
	if m == innerValue && e.Kind != Released {
		return
	}
	w.events = append(w.events, e)
}

func (w *walker) follow(v ssa.Value, m mode) {
	if v == nil {
		return
	}
	k := walkKey{v, m}
	if w.seen[k] {
		return
	}
	w.seen[k] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		if m == fieldOf {
			w.useOfField(v, instr)
		} else {
			w.use(v, m, instr)
		}
	}
}

func (w *walker) use(v ssa.Value, m mode, instr ssa.Instruction) {
	switch u := instr.(type) {
	case *ssa.DebugRef, *ssa.If, *ssa.RunDefers, *ssa.Panic, *ssa.Jump,
		*ssa.Range, *ssa.Next, *ssa.Lookup:
		// Neither releases nor hands on.
	case *ssa.BinOp:
		if isNil(u.X) || isNil(u.Y) {
			w.emit(m, Event{Kind: NilCompared, Instr: u})
		}
	case *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.TypeAssert,
		*ssa.Convert, *ssa.Extract, *ssa.Phi, *ssa.Slice, *ssa.SliceToArrayPointer,
		*ssa.MultiConvert:
		w.follow(u.(ssa.Value), m)
	case *ssa.UnOp:
		w.unop(u, m)
	case *ssa.FieldAddr, *ssa.Field, *ssa.IndexAddr, *ssa.Index:
		if m == inHolder {
			w.follow(u.(ssa.Value), inHolder)
		} else {
			w.follow(u.(ssa.Value), fieldOf)
		}
	case *ssa.Store:
		if u.Val == v {
			w.store(u, m)
		} // a store through v overwrites what v points to: no effect on v
	case *ssa.Return:
		for i, r := range u.Results {
			if r == v {
				w.emit(m, Event{Kind: Returned, Instr: u, Result: i, Held: m == inHolder})
			}
		}
	case *ssa.Send:
		if u.X == v {
			w.emit(m, Event{Kind: HandedOn, Instr: u})
		}
	case *ssa.Select:
		for _, st := range u.States {
			if st.Send == v {
				w.emit(m, Event{Kind: HandedOn, Instr: u})
			}
		}
	case *ssa.MapUpdate:
		if u.Key == v || u.Value == v {
			w.emit(m, Event{Kind: HandedOn, Instr: u})
		}
	case *ssa.MakeClosure:
		w.closure(u, v, m)
	case *ssa.Go:
		// The goroutine outlives this function and uses the value: it is
		// the goroutine's to release now, whatever the callee's summary.
		w.emit(m, Event{Kind: HandedOn, Instr: u})
	case ssa.CallInstruction:
		w.call(u, v, m)
	default:
		// An instruction this walker does not model: assume it takes the
		// value, so nothing is reported for it.
		w.emit(m, Event{Kind: HandedOn, Instr: instr})
	}
}

// useOfField handles uses of a field or element of the resource: only a
// loaded field that must itself be released is followed, as the resource;
// a release method called on the field's address (a Close promoted from an
// embedded struct value, as net.TCPConn's from net.conn) releases it.
func (w *walker) useOfField(v ssa.Value, instr ssa.Instruction) {
	switch u := instr.(type) {
	case *ssa.Call, *ssa.Defer:
		c := u.(ssa.CallInstruction).Common()
		if callee := c.StaticCallee(); callee != nil && callee.Signature.Recv() != nil &&
			len(c.Args) > 0 && c.Args[0] == v && w.policy.IsRelease(callee.Name()) {
			w.emit(innerValue, Event{Kind: Released, Instr: u})
		}
	case *ssa.UnOp:
		switch {
		case u.Op != token.MUL:
		case w.policy.Releasable(u.Type()):
			w.follow(u, innerValue)
		case isCancelFunc(u.Type()) && calledAnywhere(u):
			// Calling the cancel function it holds stops what it runs
			// (a session's keepalive, a stream's goroutine): a release.
			w.emit(innerValue, Event{Kind: Released, Instr: u})
		}
	case *ssa.FieldAddr, *ssa.IndexAddr:
		w.follow(u.(ssa.Value), fieldOf)
	case *ssa.Field, *ssa.Index:
		if w.policy.Releasable(u.(ssa.Value).Type()) {
			w.follow(u.(ssa.Value), innerValue)
		} else {
			w.follow(u.(ssa.Value), fieldOf)
		}
	}
}

func (w *walker) unop(u *ssa.UnOp, m mode) {
	if u.Op != token.MUL {
		return // arithmetic, receive from a channel resource: no effect
	}
	t := u.Type()
	switch {
	case m == inHolder && !mayHoldResource(t):
	case m == inHolder && isAggregate(t):
		w.follow(u, inHolder)
	case m == inHolder:
		w.follow(u, asValue)
	case w.policy.Releasable(t):
		w.follow(u, m)
	}
}

func isAggregate(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Struct, *types.Array:
		return true
	}
	return false
}

// store handles `*addr = v`. Storing into a local variable, or into a field
// or element of a local value whose type does not own what it holds, keeps
// the resource here, inside that holder. Any other store hands it on.
func (w *walker) store(s *ssa.Store, m mode) {
	root, direct := localRoot(s.Addr)
	if root == nil {
		w.emit(m, Event{Kind: HandedOn, Instr: s})
		return
	}
	if !direct && w.policy.Releasable(root.Type().(*types.Pointer).Elem()) {
		if field, ok := rootField(s.Addr, root); !ok || w.tab.wrapperReleases(root, field, w.policy) {
			w.emit(m, Event{Kind: HandedOn, Instr: s}) // the wrapper's release owns it
			return
		}
		// The wrapper's release leaves this field alone: the wrapper
		// only holds the resource, and releasing the wrapper is not
		// releasing it.
		w.unreleasing[root] = true
	}
	if direct && !root.Heap {
		w.followCell(root, s)
		return
	}
	w.follow(root, inHolder)
}

// followCell follows a local variable kept in memory (the result cells of
// a function with defers, an address-taken local) from store s: each
// load that s may have written, not those that read another value
// stored right before them in their block (`return nil, err` storing nil
// into the result the resource is stored into on another path).
func (w *walker) followCell(cell *ssa.Alloc, s *ssa.Store) {
	for _, instr := range *cell.Referrers() {
		if ld, ok := instr.(*ssa.UnOp); ok && ld.Op == token.MUL {
			if st := storeBefore(ld); st != nil && st != s {
				continue
			}
			if w.seen[walkKey{ld, asValue}] || w.seen[walkKey{ld, inHolder}] {
				continue
			}
		}
		w.use(cell, inHolder, instr)
	}
}

// storeBefore returns the store to ld's cell that ld reads, when it is in
// ld's block with nothing between them that could write the cell another
// way (a call, or deferred calls that may set named results).
func storeBefore(ld *ssa.UnOp) *ssa.Store {
	b := ld.Block()
	named := ld.Parent().Signature.Results().Len() > 0 && ld.Parent().Signature.Results().At(0).Name() != ""
	for i := slices.Index(b.Instrs, ssa.Instruction(ld)) - 1; i >= 0; i-- {
		switch u := b.Instrs[i].(type) {
		case *ssa.Store:
			if u.Addr == ld.X {
				return u
			}
		case *ssa.RunDefers:
			if named {
				return nil
			}
		case ssa.CallInstruction:
			return nil
		}
	}
	return nil
}

// rootField returns the field of root that addr selects first.
func rootField(addr ssa.Value, root *ssa.Alloc) (int, bool) {
	for {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			if a.X == root {
				return a.Field, true
			}
			addr = a.X
		case *ssa.IndexAddr:
			addr = a.X
		default:
			return 0, false
		}
	}
}

// localRoot strips field and element selections from addr and returns the
// local allocation they start from, if any; direct reports that addr is
// the allocation itself (a plain local variable).
func localRoot(addr ssa.Value) (root *ssa.Alloc, direct bool) {
	direct = true
	for {
		switch a := addr.(type) {
		case *ssa.Alloc:
			return a, direct
		case *ssa.FieldAddr:
			addr, direct = a.X, false
		case *ssa.IndexAddr:
			if _, ok := a.X.Type().Underlying().(*types.Slice); ok {
				return nil, false // a slice's backing array may be shared
			}
			addr, direct = a.X, false
		default:
			return nil, false
		}
	}
}

// closure handles v captured by a function literal or bound method: the
// capture hands it on when the closure's body may release or keep it.
func (w *walker) closure(mc *ssa.MakeClosure, v ssa.Value, m mode) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		w.emit(m, Event{Kind: HandedOn, Instr: mc})
		return
	}
	for i, b := range mc.Bindings {
		if b != v {
			continue
		}
		if i >= len(fn.FreeVars) || startsGoroutine(mc) || w.tab.keepsFreeVar(fn, i, m, w.policy) {
			w.emit(m, Event{Kind: HandedOn, Instr: mc})
			return
		}
		// The closure only uses it, but holds it: if the closure is
		// returned, stored or handed on, so is the resource.
		w.follow(mc, inHolder)
	}
}

// call handles v used by a call, defer or go statement.
func (w *walker) call(ci ssa.CallInstruction, v ssa.Value, m mode) {
	c := ci.Common()
	if c.IsInvoke() {
		w.invoke(ci, c, v, m)
		return
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		w.builtin(ci, b, v, m)
		return
	}
	callee := c.StaticCallee()
	if callee == nil {
		if c.Value != v && containsValue(c.Args, v) && !measures(c.Signature()) {
			w.emit(m, Event{Kind: HandedOn, Instr: ci})
		}
		return
	}
	isMethod := callee.Signature.Recv() != nil
	sum := w.tab.Of(callee)
	for i, a := range c.Args {
		if a != v {
			continue
		}
		if i == 0 && isMethod {
			if w.policy.IsRelease(callee.Name()) && !w.unreleasing[v] {
				w.emit(m, Event{Kind: Released, Instr: ci})
				continue
			}
			w.emit(m, Event{Kind: MethodCall, Instr: ci, Method: callee.Name()})
			if w.policy.MethodsBorrow() && m == asValue {
				if sum.IsReleased(0) {
					w.emit(m, Event{Kind: Released, Instr: ci}) // teardown, Shutdown
				}
				continue
			}
		}
		w.argument(ci, sum, i, m, i == 0 && isMethod)
	}
}

// argument applies the callee's summary for parameter i to the argument.
//
// A callee that releases a plain argument (closeQuietly(f), putBuf(b))
// releases it here. A method that releases its receiver is left to the
// receiver rules: what it returns afterwards (an orphaned session) is no
// longer the caller's.
func (w *walker) argument(ci ssa.CallInstruction, sum *Func, i int, m mode, receiver bool) {
	call, isCall := ci.(*ssa.Call)
	switch {
	case sum.IsBorrowed(i):
	case sum.IsReleased(i) && !receiver && sum.PassesThrough(i) < 0 && sum.Wraps(i) < 0:
		w.emit(m, Event{Kind: Released, Instr: ci}) // closeQuietly(f), putBuf(b)
	case isCall && sum.PassesThrough(i) >= 0:
		w.follow(ResultValue(call, sum.PassesThrough(i)), m)
	case isCall && sum.Wraps(i) >= 0:
		j := sum.Wraps(i)
		if w.policy.Releasable(resultType(call, j)) {
			// The wrapper owns it now; by convention there is no wrapper
			// where the call fails (a constructor that failed kept nothing).
			w.emit(m, Event{Kind: HandedOn, Instr: ci, OnSuccess: ErrorResult(call)})
		} else {
			w.follow(ResultValue(call, j), inHolder)
		}
	case isCall && sum.KeptOnSuccess&(1<<i) != 0 && ErrorResult(call) != nil:
		w.emit(m, Event{Kind: HandedOn, Instr: ci, OnSuccess: ErrorResult(call)})
	default:
		w.emit(m, Event{Kind: HandedOn, Instr: ci})
	}
}

func (w *walker) invoke(ci ssa.CallInstruction, c *ssa.CallCommon, v ssa.Value, m mode) {
	if c.Value == v {
		if w.policy.IsRelease(c.Method.Name()) {
			w.emit(m, Event{Kind: Released, Instr: ci})
		} else {
			w.emit(m, Event{Kind: MethodCall, Instr: ci, Method: c.Method.Name()})
		}
	}
	for i, a := range c.Args {
		if a == v && !borrowsArg(c.Method, i) {
			w.emit(m, Event{Kind: HandedOn, Instr: ci}) // no summary for an interface method
			return
		}
	}
}

func (w *walker) builtin(ci ssa.CallInstruction, b *ssa.Builtin, v ssa.Value, m mode) {
	switch b.Name() {
	case "len", "cap", "print", "println", "copy", "delete", "clear", "min", "max":
	case "ssa:wrapnilchk":
		if call, ok := ci.(*ssa.Call); ok && len(call.Call.Args) > 0 && call.Call.Args[0] == v {
			w.follow(call, m)
		}
	default: // append and the rest: the value may be kept elsewhere
		w.emit(m, Event{Kind: HandedOn, Instr: ci})
	}
}

func containsValue(vs []ssa.Value, v ssa.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// ResultValue returns the value of result j of call: the call itself for a
// single result, else its Extract #j. It returns nil when the result is
// never used.
func ResultValue(call *ssa.Call, j int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		if j != 0 {
			return nil
		}
		return call
	}
	refs := call.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == j {
			return ex
		}
	}
	return nil
}

func resultType(call *ssa.Call, j int) types.Type {
	res := call.Call.Signature().Results()
	if j < 0 || j >= res.Len() {
		return nil
	}
	return res.At(j).Type()
}

// startsGoroutine reports whether a closure is run by a go statement.
func startsGoroutine(mc *ssa.MakeClosure) bool {
	for _, r := range *mc.Referrers() {
		if g, ok := r.(*ssa.Go); ok && g.Call.Value == mc {
			return true
		}
	}
	return false
}

// isCancelFunc reports context.CancelFunc and context.CancelCauseFunc.
func isCancelFunc(t types.Type) bool { return IsNamed(t, "context", "CancelFunc", "CancelCauseFunc") }

// calledAnywhere reports whether the function value v is called or
// deferred.
func calledAnywhere(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		if ci, ok := r.(ssa.CallInstruction); ok && ci.Common().Value == v {
			return true
		}
	}
	return false
}

// measures reports a function value whose results are all plain values
// (numbers, booleans, strings): a size, a hash or a comparison computed
// from its arguments (q.calc(e), less(a, b)), which it does not keep.
// One with no results (a handler) may keep what it is given.
func measures(sig *types.Signature) bool {
	res := sig.Results()
	if res.Len() == 0 {
		return false
	}
	for v := range res.Variables() {
		if _, ok := v.Type().Underlying().(*types.Basic); !ok {
			return false
		}
	}
	return true
}
