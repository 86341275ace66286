package access

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// call records what a call does to fields: a callee of the module
// contributes its summary; a callee elsewhere is opaque but for Close on
// a field's value and a field's address handed to it.
func (b *builder) call(c *ssa.CallCommon, instr ssa.Instruction) {
	if bi, ok := c.Value.(*ssa.Builtin); ok {
		if (bi.Name() == "delete" || bi.Name() == "clear") && len(c.Args) > 0 {
			b.holder(c.Args[0], Update, instr)
		}
		return
	}
	callee := c.StaticCallee()
	switch {
	case callee != nil && isAtomicFunc(callee):
		if len(c.Args) > 0 {
			kind := Assign
			if strings.HasPrefix(callee.Name(), "Load") {
				kind = Read
			}
			b.field(c.Args[0], kind, true, instr)
		}
	case callee != nil && b.t.summarizes(callee):
		if _, isCall := instr.(*ssa.Call); isCall && b.t.samePackage(callee) {
			b.t.calls[callee] = append(b.t.calls[callee], callSite{caller: b.fn, held: b.locksAt(instr)})
		}
		b.compose(callee, c, instr)
	default:
		b.opaque(c, callee, instr)
	}
}

func isAtomicFunc(fn *ssa.Function) bool {
	return fn.Pkg != nil && fn.Pkg.Pkg.Path() == "sync/atomic" && fn.Signature.Recv() == nil
}

// summarizes reports whether the table knows what callee does to fields:
// it is of this package, or of another package of the module.
func (t *Table) summarizes(callee *ssa.Function) bool {
	if t.samePackage(callee) {
		return true
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj, _ := callee.Object().(*types.Func)
	return obj != nil && t.inModule(obj.Pkg())
}

func (t *Table) samePackage(fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Blocks == nil {
		return false
	}
	obj, _ := fn.Object().(*types.Func)
	return obj == nil || obj.Pkg() == t.pass.Pkg
}

// opaque handles a call into code outside the module (or a dynamic one).
func (b *builder) opaque(c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction) {
	var recv ssa.Value
	args := c.Args
	switch {
	case c.IsInvoke():
		recv = c.Value
		if c.Method.Name() == "Close" {
			b.holder(recv, Close, instr)
		}
		return // interface methods of the module's own types are unknown: say nothing
	case callee != nil && callee.Signature.Recv() != nil && len(args) > 0:
		recv, args = args[0], args[1:]
		if callee.Name() == "Close" {
			b.holder(recv, Close, instr)
			return
		}
	}
	if callee == nil || callee.Pkg != nil && callee.Pkg.Pkg.Path() == "sync" {
		return
	}
	for _, a := range args {
		if fa, ok := a.(*ssa.FieldAddr); ok {
			b.field(fa, Fill, false, instr)
		}
	}
}

// compose adds the accesses of a callee of the module, with the mutexes
// held at the call, unless the callee works on a value allocated here.
func (b *builder) compose(callee *ssa.Function, c *ssa.CallCommon, instr ssa.Instruction) {
	sum := b.t.Of(callee)
	if len(sum.Accesses) == 0 {
		return
	}
	held := b.locksAt(instr)
	via := calleeName(callee)
	for _, a := range sum.Accesses {
		if a.Depth >= maxReadDepth && !a.Kind.Writes() {
			continue
		}
		param, from := b.argRoot(a.Param, c)
		if from == fresh {
			continue
		}
		a.Param = param
		a.Global = a.Global || from == global
		a.Locks = Union(a.Locks, held)
		a.Via = via
		a.Depth++
		a.pos = instr.Pos()
		b.add(&b.composed, a)
	}
}

// maxReadDepth bounds how many calls down a read is followed (writes are
// followed all the way): a reader reaches state through a handle's
// accessor or two (Store.Get, s.backend()), while following every read of
// a deep call graph makes every summary, and every fact, as large as the
// bound.
const maxReadDepth = 3

// argRoot maps a callee's parameter (or free variable) to what the caller
// passes there.
func (b *builder) argRoot(param int, c *ssa.CallCommon) (int, origin) {
	switch {
	case param >= 0 && param < len(c.Args):
		return b.t.root(b.fn, c.Args[param], 0)
	case param <= -2:
		if mc, ok := c.Value.(*ssa.MakeClosure); ok && -2-param < len(mc.Bindings) {
			return b.t.root(b.fn, mc.Bindings[-2-param], 0)
		}
	}
	return -1, elsewhere
}

// An origin is where a value a function accesses comes from, besides its
// parameters.
type origin uint8

const (
	elsewhere origin = iota
	fresh            // allocated by the function or by a constructor it calls
	global           // reached from a package-level variable
)

// root follows a value down to where it comes from: a parameter of fn
// (its index), a free variable (-2-i), or something else (-1), and its
// origin.
func (t *Table) root(fn *ssa.Function, v ssa.Value, depth int) (param int, from origin) {
	if depth > 8 {
		return -1, elsewhere
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		return slices.Index(fn.Params, x), elsewhere
	case *ssa.FreeVar:
		return -2 - slices.Index(fn.FreeVars, x), elsewhere
	case *ssa.Global:
		return -1, global
	case *ssa.FieldAddr:
		return t.root(fn, x.X, depth+1)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return -1, elsewhere
		}
		if cell, ok := x.X.(*ssa.Alloc); ok {
			return t.cellRoot(fn, cell, depth)
		}
		return t.root(fn, x.X, depth+1)
	case *ssa.Alloc:
		if holdsPointer(x) {
			return t.cellRoot(fn, x, depth) // a variable's cell, as locks.Variable gives it
		}
		return -1, fresh // a local struct, new(T), &T{}
	case *ssa.MakeMap, *ssa.MakeSlice:
		return -1, fresh
	case *ssa.Call:
		return t.resultRoot(fn, x, depth)
	case *ssa.Extract:
		return t.extractRoot(fn, x, depth)
	// An element of a map, slice or array comes from where its container
	// does: the values of a map just decoded are fresh, an element of a
	// parameter's slice is reached from the parameter.
	case *ssa.Lookup:
		return t.root(fn, x.X, depth+1)
	case *ssa.Index:
		return t.root(fn, x.X, depth+1)
	case *ssa.IndexAddr:
		return t.root(fn, x.X, depth+1)
	case *ssa.ChangeType:
		return t.root(fn, x.X, depth+1)
	case *ssa.MakeInterface:
		return t.root(fn, x.X, depth+1)
	case *ssa.TypeAssert:
		if fromPool(x.X) {
			return -1, fresh // entryPool.Get().(*Entry): nobody else has it
		}
	case *ssa.Phi:
		return -1, t.allFresh(fn, x.Edges, depth)
	}
	return -1, elsewhere
}

func (t *Table) extractRoot(fn *ssa.Function, x *ssa.Extract, depth int) (int, origin) {
	switch tuple := x.Tuple.(type) {
	case *ssa.Call:
		if x.Index == 0 {
			return t.resultRoot(fn, tuple, depth)
		}
	case *ssa.Lookup: // v, ok := m[k]
		return t.root(fn, tuple.X, depth+1)
	case *ssa.Next: // for k, v := range m
		if r, ok := tuple.Iter.(*ssa.Range); ok {
			return t.root(fn, r.X, depth+1)
		}
	}
	return -1, elsewhere
}

// fromPool recognises a value taken from a sync.Pool.
func fromPool(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	f := call.Call.StaticCallee()
	return f != nil && f.Name() == "Get" && f.Pkg != nil && f.Pkg.Pkg.Path() == "sync"
}

// resultRoot is where a call's result comes from: fresh from a
// constructor; reached from the receiver of a method of the module
// (c.manager.Get(id) is c's), and fresh when that receiver is.
func (t *Table) resultRoot(fn *ssa.Function, call *ssa.Call, depth int) (int, origin) {
	if t.callFresh(call) == fresh {
		return -1, fresh
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(call.Call.Args) == 0 || !t.summarizes(callee) {
		return -1, elsewhere
	}
	return t.root(fn, call.Call.Args[0], depth+1)
}

func (t *Table) callFresh(call *ssa.Call) origin {
	callee := call.Call.StaticCallee()
	if callee != nil && t.summarizes(callee) && t.Of(callee).Fresh {
		return fresh
	}
	return elsewhere
}

// holdsPointer: the cell of a pointer variable (a parameter a closure
// captures, a local assigned in branches), not a struct allocated here.
func holdsPointer(cell *ssa.Alloc) bool {
	_, ok := cell.Type().(*types.Pointer).Elem().Underlying().(*types.Pointer)
	return ok
}

// cellRoot follows a local variable to what is stored in it: the
// parameter a captured receiver was spilled from, or fresh values.
func (t *Table) cellRoot(fn *ssa.Function, cell *ssa.Alloc, depth int) (int, origin) {
	if stored := lifecycle.StoredValues(cell); len(stored) == 1 {
		if _, ok := stored[0].(*ssa.Parameter); ok {
			return t.root(fn, stored[0], depth+1)
		}
	}
	return -1, t.freshCell(fn, cell, depth)
}

// freshCell reports a local variable every store to which is fresh.
func (t *Table) freshCell(fn *ssa.Function, cell *ssa.Alloc, depth int) origin {
	if f, ok := t.cells[cell]; ok {
		return f
	}
	t.cells[cell] = elsewhere // a cell that (indirectly) holds itself
	stored := lifecycle.StoredValues(cell)
	f := elsewhere
	if len(stored) > 0 {
		f = t.allFresh(fn, stored, depth)
	}
	t.cells[cell] = f
	return f
}

// allFresh is fresh when every value but nil is, and one is.
func (t *Table) allFresh(fn *ssa.Function, vs []ssa.Value, depth int) origin {
	some := false
	for _, v := range vs {
		if isNil(v) {
			continue
		}
		if _, from := t.root(fn, v, depth+1); from != fresh {
			return elsewhere
		}
		some = true
	}
	if some {
		return fresh
	}
	return elsewhere
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && (c.IsNil() || c.Value != nil && c.Value.Kind() == constant.Unknown)
}

// returnsFresh reports a constructor: every return gives nil or a value
// the function allocated as its first result, and one gives a value. A
// function returning a map or slice it made (Stats, List) is an accessor,
// not a constructor.
func (t *Table) returnsFresh(fn *ssa.Function) bool {
	if fn.Signature.Results().Len() == 0 {
		return false
	}
	switch fn.Signature.Results().At(0).Type().Underlying().(type) {
	case *types.Map, *types.Slice:
		return false
	}
	var firsts []ssa.Value
	for _, blk := range fn.Blocks {
		if ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return); ok && len(ret.Results) > 0 {
			firsts = append(firsts, ret.Results[0])
		}
	}
	return t.allFresh(fn, firsts, 0) == fresh
}

// calleeName names a callee as a message would: "Store.Open", "openDB".
func calleeName(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	name := fn.Name()
	if n := lifecycle.ReceiverNamed(fn.Signature); n != nil {
		return n.Obj().Name() + "." + name
	}
	if fn.Parent() != nil {
		return fn.Parent().Name() + " (func literal)"
	}
	return name
}

// Union is the mutexes held in either list, each in its stronger mode.
func Union(a, b []Lock) []Lock {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := slices.Clone(a)
	for _, l := range b {
		if i := slices.IndexFunc(out, func(x Lock) bool { return x.Path == l.Path }); i >= 0 {
			out[i].Mode = max(out[i].Mode, l.Mode)
		} else {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(x, y Lock) int { return strings.Compare(x.Path, y.Path) })
	return out
}

// intersect is the mutexes held in both lists, each in its weaker mode.
func intersect(a, b []Lock) []Lock {
	var out []Lock
	for _, l := range a {
		if i := slices.IndexFunc(b, func(x Lock) bool { return x.Path == l.Path }); i >= 0 {
			l.Mode = min(l.Mode, b[i].Mode)
			out = append(out, l)
		}
	}
	return out
}
