package lifecycle

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Paired acquire/release APIs that are not closers: a pool's Get and Put,
// a reference count's Retain and Release, a semaphore's Acquire and
// Release. The pass deferrelease follows them with the same engine as
// closecheck; summaries use them so that wrappers (getBuf/putBuf) carry
// the pairing across functions and packages.

// RefPairs maps the methods that take a reference or a permit on their
// receiver to the methods that give it back.
var RefPairs = map[string]string{
	"Retain":     "Release",
	"IncRef":     "DecRef",
	"Ref":        "Unref",
	"Acquire":    "Release",
	"TryAcquire": "Release",
}

// IsReleaseName reports whether a method named name gives back what
// release does: release itself, or its variant for a caller that holds
// the owner's lock (pebble's Version.UnrefLocked for Unref).
func IsReleaseName(name, release string) bool {
	return name == release || name == release+"Locked"
}

// PoolGet reports whether c takes a value from a pool: a method named Get
// or Get… with no parameters or only integer ones (a size), returning a
// value and perhaps an error, whose receiver type also has a Put method
// taking that value. It returns the pool.
func PoolGet(c *ssa.CallCommon) (pool ssa.Value, ok bool) {
	recv, name, sig := method(c)
	if recv == nil || !strings.HasPrefix(name, "Get") || !integerParams(sig) {
		return nil, false
	}
	res := sig.Results()
	if res.Len() == 0 || res.Len() > 2 || (res.Len() == 2 && !IsError(res.At(1).Type())) {
		return nil, false
	}
	put := putParam(recv.Type())
	if put == nil || !types.AssignableTo(res.At(0).Type(), put) {
		return nil, false
	}
	return recv, true
}

// PoolPut reports whether c puts a value back into a pool: Put(x) on a
// receiver whose type also has a pool Get. It returns the pool and x.
func PoolPut(c *ssa.CallCommon) (pool, x ssa.Value, ok bool) {
	recv, name, sig := method(c)
	if recv == nil || name != "Put" || sig.Params().Len() != 1 || !hasPoolGet(recv.Type()) {
		return nil, nil, false
	}
	args := c.Args
	if !c.IsInvoke() {
		args = args[1:]
	}
	return recv, args[0], true
}

// Method returns the receiver, name and arguments (after the
// receiver) of a method call, static or through an interface; recv is nil
// for other calls.
func Method(c *ssa.CallCommon) (recv ssa.Value, name string, args []ssa.Value) {
	recv, name, _ = method(c)
	if recv == nil {
		return nil, "", nil
	}
	args = c.Args
	if !c.IsInvoke() {
		args = args[1:]
	}
	return recv, name, args
}

// method returns the receiver, name and signature (without receiver) of
// a method call, static or through an interface.
func method(c *ssa.CallCommon) (ssa.Value, string, *types.Signature) {
	if c.IsInvoke() {
		return c.Value, c.Method.Name(), c.Method.Type().(*types.Signature)
	}
	callee := c.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(c.Args) == 0 {
		return nil, "", nil
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return nil, "", nil
	}
	sig := obj.Type().(*types.Signature)
	return c.Args[0], callee.Name(), types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())
}

func integerParams(sig *types.Signature) bool {
	for i := range sig.Params().Len() {
		b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsInteger == 0 {
			return false
		}
	}
	return true
}

// putParam returns the parameter type of t's Put(x) method, or nil.
func putParam(t types.Type) types.Type {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Put")
	m, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	sig := m.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return nil
	}
	return sig.Params().At(0).Type()
}

// hasPoolGet reports whether t has a Get… method pairing with its Put.
func hasPoolGet(t types.Type) bool {
	put := putParam(t)
	if put == nil {
		return false
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for i := range ms.Len() {
		m := ms.At(i).Obj()
		sig := m.Type().(*types.Signature)
		if strings.HasPrefix(m.Name(), "Get") && integerParams(sig) && sig.Results().Len() >= 1 &&
			types.AssignableTo(sig.Results().At(0).Type(), put) {
			return true
		}
	}
	return false
}

// RefTake reports whether c takes a reference or permit on its receiver
// (x.Retain(), sem.Acquire(ctx, n), sem.TryAcquire(n)), and returns the
// receiver and the method that gives it back.
func RefTake(c *ssa.CallCommon) (recv ssa.Value, release string, ok bool) {
	recv, name, _ := method(c)
	release, ok = RefPairs[name]
	if recv == nil || !ok || !hasMethodNamed(recv.Type(), release) {
		return nil, "", false
	}
	return recv, release, true
}

// Root returns the value v is a form of: v without conversions and type
// assertions (a pool's `any` and the *bytes.Buffer asserted from it, with
// or without comma-ok, are one value).
func Root(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.TypeAssert:
			if x.CommaOk {
				return v
			}
			v = x.X
		case *ssa.Extract:
			ta, ok := x.Tuple.(*ssa.TypeAssert)
			if !ok || x.Index != 0 {
				return v
			}
			v = ta.X // z, ok := pool.Get().(*T)
		default:
			return v
		}
	}
}

// SamePlace reports whether a and b denote the same variable's value: the
// same SSA value, loads of the same global, or the same field path from
// the same value (s.pool and s.pool, read twice).
func SamePlace(a, b ssa.Value) bool {
	return samePlace(a, b, 0)
}

func samePlace(a, b ssa.Value, depth int) bool {
	if a == b {
		return true
	}
	if depth > 6 || a == nil || b == nil {
		return false
	}
	switch x := a.(type) {
	case *ssa.UnOp:
		y, ok := b.(*ssa.UnOp)
		return ok && x.Op == token.MUL && y.Op == token.MUL && samePlace(x.X, y.X, depth+1)
	case *ssa.FieldAddr:
		y, ok := b.(*ssa.FieldAddr)
		return ok && x.Field == y.Field && samePlace(x.X, y.X, depth+1)
	case *ssa.Field:
		y, ok := b.(*ssa.Field)
		return ok && x.Field == y.Field && samePlace(x.X, y.X, depth+1)
	}
	return false
}

// SameValue reports whether a and b compute the same value: the same SSA
// value, equal constants, or the same operation on the same operands
// (int64(n) twice, len(xs) twice, the same field read twice).
func SameValue(a, b ssa.Value) bool {
	return sameValue(a, b, 0)
}

func sameValue(a, b ssa.Value, depth int) bool {
	if a == b {
		return true
	}
	if depth > 6 || a == nil || b == nil {
		return false
	}
	switch x := a.(type) {
	case *ssa.Const:
		y, ok := b.(*ssa.Const)
		return ok && x.Value != nil && y.Value != nil && constant.Compare(x.Value, token.EQL, y.Value)
	case *ssa.Convert:
		y, ok := b.(*ssa.Convert)
		return ok && types.Identical(x.Type(), y.Type()) && sameValue(x.X, y.X, depth+1)
	case *ssa.Call:
		y, ok := b.(*ssa.Call)
		if !ok || len(x.Call.Args) != len(y.Call.Args) {
			return false
		}
		bx, ok1 := x.Call.Value.(*ssa.Builtin)
		by, ok2 := y.Call.Value.(*ssa.Builtin)
		if !ok1 || !ok2 || bx.Name() != by.Name() || (bx.Name() != "len" && bx.Name() != "cap") {
			return false
		}
		return sameValue(x.Call.Args[0], y.Call.Args[0], depth+1)
	}
	return samePlace(a, b, depth)
}

// Aliases returns the values of fn that denote the same place as v (v
// itself first): the other loads of the same field or global.
func Aliases(fn *ssa.Function, v ssa.Value) []ssa.Value {
	vs := []ssa.Value{v}
	switch v.(type) {
	case *ssa.UnOp, *ssa.Field: // a load, or a field of a loaded struct value (r.limiter of a value receiver)
	default:
		return vs
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch u := instr.(type) {
			case *ssa.UnOp, *ssa.Field:
				if x := u.(ssa.Value); x != v && samePlace(x, v, 0) {
					vs = append(vs, x)
				}
			}
		}
	}
	return vs
}

// putsBack reports whether c puts v (or a form of it) back into a pool.
func putsBack(c *ssa.CallCommon, v ssa.Value) bool {
	_, x, ok := PoolPut(c)
	return ok && Root(x) == Root(v)
}

// lentResults returns the results of fn that every return takes from a
// pool or retains for the caller, leaves nil, or allocates anew when the
// pool had nothing (a get-or-new wrapper: AcquireRequest returning
// &Request{} when the pool is empty); at least one return must lend.
func (t *Table) lentResults(fn *ssa.Function) uint64 {
	n := fn.Signature.Results().Len()
	if n == 0 || n > 64 {
		return 0
	}
	lent, seen := uint64(1)<<n-1, uint64(0)
	var taken []ssa.Value // receivers of the references fn takes, found on first need
	for _, ret := range returns(fn) {
		for j, r := range ret.Results {
			if isNil(r) || IsError(r.Type()) || !mayHoldResource(r.Type()) {
				lent &^= 1 << j
				continue
			}
			if isNewAlloc(r) {
				continue // the pool's stand-in: given back like a pooled one
			}
			if t.lentValue(fn, r, &taken) {
				seen |= 1 << j
			} else {
				lent &^= 1 << j
			}
		}
	}
	return lent & seen
}

// isNewAlloc reports whether v is a value allocated right there (new(T),
// &T{}), in whatever conversions.
func isNewAlloc(v ssa.Value) bool {
	switch x := Root(v).(type) {
	case *ssa.Alloc:
		return x.Heap
	case *ssa.MakeSlice:
		return true // make([]byte, n) for a size no pool serves
	}
	return false
}

// lentValue reports whether v is taken from a pool, lent by a callee, or
// had a reference taken in fn.
func (t *Table) lentValue(fn *ssa.Function, v ssa.Value, taken *[]ssa.Value) bool {
	return t.lentThrough(fn, v, taken, map[*ssa.Alloc]bool{})
}

// lentThrough is lentValue following the locals a value was loaded from;
// a local met again on the way (a variable reloaded into itself, two
// variables storing each other's value) lends nothing.
func (t *Table) lentThrough(fn *ssa.Function, v ssa.Value, taken *[]ssa.Value, cells map[*ssa.Alloc]bool) bool {
	var call *ssa.Call
	j := 0
	switch x := Root(v).(type) {
	case *ssa.UnOp:
		// A result kept in a local across deferred calls.
		if cell, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL && cell.Parent() == fn {
			if cells[cell] {
				return false
			}
			cells[cell] = true
			defer delete(cells, cell) // only a cycle is cut, not a second path to a local
			lent := false
			for _, sv := range StoredValues(cell) {
				switch {
				case isNil(sv):
				case t.lentThrough(fn, sv, taken, cells):
					lent = true
				default:
					return false
				}
			}
			return lent
		}
	case *ssa.Call:
		call = x
	case *ssa.Extract:
		call, _ = x.Tuple.(*ssa.Call)
		j = x.Index
	case *ssa.Slice:
		return t.lentThrough(fn, x.X, taken, cells) // pooled[:size] is the pooled buffer
	}
	if call != nil {
		if _, ok := PoolGet(&call.Call); ok && j == 0 {
			return true
		}
		if callee := call.Call.StaticCallee(); callee != nil && t.Of(callee).IsLent(j) {
			return true
		}
	}
	if *taken == nil {
		*taken = refReceivers(fn)
	}
	for _, recv := range *taken {
		if SamePlace(recv, Root(v)) {
			return true
		}
	}
	return false
}

// refReceivers returns the values fn takes a reference on (v.Retain()),
// and a non-nil empty slice when there are none.
func refReceivers(fn *ssa.Function) []ssa.Value {
	recvs := []ssa.Value{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if recv, _, ok := RefTake(&c.Call); ok && c.Call.Signature().Results().Len() == 0 {
				recvs = append(recvs, recv)
			}
		}
	}
	return recvs
}
