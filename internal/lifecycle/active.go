package lifecycle

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A value whose constructor started a goroutine, gave it a context to
// cancel, or took a count for it (a reference, a WaitGroup's Add) runs or
// holds until it is released: a session with its keepalive
// loop, a writer with its write queue. Whoever receives it owns it, even
// when it also wraps a closer it was only lent (the session's client,
// the writer's file): the wrapper is not merely a view of that closer.

// activeKind classifies a returned value for the Active bits.
func (t *Table) activeKind(v ssa.Value, depth int) freshKind {
	return classifyMerged(v, depth, t.activeKind, func(v ssa.Value, depth int) freshKind {
		switch x := v.(type) {
		case *ssa.Alloc:
			if x.Heap && t.activeAlloc(x) {
				return isFresh
			}
		case *ssa.Extract, *ssa.Call:
			if t.activeResult(x) || takesCount(v.Parent()) && t.madeKind(v, depth) == isFresh {
				return isFresh
			}
		}
		return notFresh
	})
}

// activeAlloc reports whether a fresh allocation runs something of its
// own: its function starts a goroutine, or a cancel func or an active
// value is stored in it.
func (t *Table) activeAlloc(a *ssa.Alloc) bool {
	if hasGoStatement(a.Parent()) || takesCount(a.Parent()) {
		return true
	}
	for _, v := range storedInto(a) {
		v = StripConversions(v)
		if isCancelFunc(v.Type()) || t.activeResult(v) {
			return true
		}
	}
	return false
}

// activeResult reports whether v is an active result of a call.
func (t *Table) activeResult(v ssa.Value) bool {
	call, j := callResult(v)
	if call == nil || call.Call.StaticCallee() == nil {
		return false
	}
	return t.Of(call.Call.StaticCallee()).IsActive(j)
}

// callResult returns the call v is a result of and the result's index,
// or nil.
func callResult(v ssa.Value) (*ssa.Call, int) {
	switch x := v.(type) {
	case *ssa.Call:
		return x, 0
	case *ssa.Extract:
		call, _ := x.Tuple.(*ssa.Call)
		return call, x.Index
	}
	return nil, 0
}

// takesCount reports whether fn takes a count for what it returns: a
// reference or permit (x.Retain(), RefPairs) or a sync.WaitGroup's Add
// (b.pendingReaders.Add(1) before returning a reader of b, whose Close
// calls Done).
func takesCount(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if _, _, ok := RefTake(&c.Call); ok {
				return true
			}
			if callee := c.Call.StaticCallee(); callee != nil && isWaitGroupAdd(callee) {
				return true
			}
		}
	}
	return false
}

func isWaitGroupAdd(fn *ssa.Function) bool {
	obj, _ := fn.Object().(*types.Func)
	return FuncKey(obj) == "sync.WaitGroup.Add"
}

func hasGoStatement(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); ok {
				return true
			}
		}
	}
	return false
}
