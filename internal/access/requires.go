package access

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// inferRequires finds the mutexes held at every call of each unexported
// function that is only ever called (never started as a goroutine nor
// used as a value): the function runs with them held. Callers that are
// such functions themselves contribute what they require; a fixed point
// settles chains of helpers.
func (t *Table) inferRequires(fns []*ssa.Function) {
	var cands []*ssa.Function
	isCand := make(map[*ssa.Function]bool)
	for _, fn := range fns {
		obj, ok := fn.Object().(*types.Func)
		if ok && !obj.Exported() && len(t.calls[fn]) > 0 && !t.escapes[fn] {
			cands = append(cands, fn)
			isCand[fn] = true
		}
	}
	req := make(map[*ssa.Function][]Lock)
	known := make(map[*ssa.Function]bool) // unknown: every mutex (the lattice's top)
	for range 10 {
		changed := false
		for _, fn := range cands {
			held, ok := t.heldAtEveryCall(fn, isCand, known, req)
			if ok && (!known[fn] || !slices.Equal(held, req[fn])) {
				req[fn], known[fn], changed = held, true, true
			}
		}
		if !changed {
			break
		}
	}
	for _, fn := range cands {
		if known[fn] && len(req[fn]) > 0 {
			t.Of(fn).Requires = req[fn]
		}
	}
}

// heldAtEveryCall intersects what each call of fn holds; ok is false while
// no caller is known yet.
func (t *Table) heldAtEveryCall(fn *ssa.Function, isCand, known map[*ssa.Function]bool, req map[*ssa.Function][]Lock) ([]Lock, bool) {
	var held []Lock
	first := true
	for _, site := range t.calls[fn] {
		in := site.held
		if isCand[site.caller] {
			if !known[site.caller] {
				continue
			}
			in = Union(in, req[site.caller])
		}
		if first {
			held, first = in, false
		} else {
			held = intersect(held, in)
		}
	}
	return held, !first
}
