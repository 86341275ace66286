package lifecycle

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A Resource is one acquisition to follow to every exit of its function.
type Resource struct {
	// Acquire is the instruction that makes the resource held.
	Acquire ssa.Instruction
	// Kills are instructions after which this function no longer holds
	// it: released, handed on, returned.
	Kills []ssa.Instruction
	// Edges are CFG edges on which it is not held: the error branch of
	// the acquiring call, the nil branch of a nil check, a stream's
	// receive-error branch.
	Edges map[Edge]bool
}

// An Edge is the Succ'th successor edge of an If block.
type Edge struct {
	From *ssa.BasicBlock
	Succ int
}

// A Leak is one place where the resource is still held but lost.
type Leak struct {
	// At is the Return reached while held, or, for a loop, the
	// acquisition reached again while the previous one is held.
	At ssa.Instruction
	// Loop: the acquisition was reached again (the loop repeats).
	Loop bool
	// Path is the blocks of one leaking path, from the leak back towards
	// the acquisition (exclusive), for naming the branch that leaks.
	Path []*ssa.BasicBlock
}

// Flow holds per-function facts shared by every resource of a function.
type Flow struct {
	fn    *ssa.Function
	index map[ssa.Instruction]int
	stops map[*ssa.BasicBlock]int // first call in the block that never returns
}

// NewFlow prepares fn for leak queries.
func NewFlow(fn *ssa.Function) *Flow {
	f := &Flow{fn: fn, index: make(map[ssa.Instruction]int), stops: make(map[*ssa.BasicBlock]int)}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			f.index[instr] = i
			if _, ok := f.stops[b]; !ok && neverReturns(instr) {
				f.stops[b] = i
			}
		}
	}
	return f
}

// Leaks walks forward from the acquisition and returns every exit reached
// while the resource is held. Each block is visited at most once, so the
// cost is linear in the part of the function where the resource is held.
func (f *Flow) Leaks(r *Resource) []Leak {
	kills := make(map[*ssa.BasicBlock][]int)
	for _, k := range r.Kills {
		if b := k.Block(); b != nil {
			kills[b] = append(kills[b], f.index[k])
		}
	}
	acqBlock, acqIndex := r.Acquire.Block(), f.index[r.Acquire]
	var leaks []Leak
	visited := make(map[*ssa.BasicBlock]bool)
	var work []*ssa.BasicBlock
	pred := make(map[*ssa.BasicBlock]*ssa.BasicBlock) // the first block to bring it held
	push := func(from *ssa.BasicBlock) {
		for i, s := range from.Succs {
			if r.Edges[Edge{from, i}] || visited[s] {
				continue
			}
			visited[s] = true
			pred[s] = from
			work = append(work, s)
		}
	}
	path := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		var p []*ssa.BasicBlock
		for ; b != nil && b != acqBlock && len(p) < len(f.fn.Blocks); b = pred[b] {
			p = append(p, b)
		}
		return p
	}
	// step scans b from index start while held and reports whether the
	// resource is still held at the end of b.
	step := func(b *ssa.BasicBlock, start int) bool {
		end := len(b.Instrs)
		if i, ok := f.stops[b]; ok && i >= start {
			end = i // a call that never returns: the path ends, no leak
		}
		firstKill := end
		for _, k := range kills[b] {
			if k >= start && k < firstKill {
				firstKill = k
			}
		}
		if b == acqBlock && start == 0 && acqIndex < firstKill {
			// Acquired again while the previous one is still held.
			leaks = append(leaks, Leak{At: r.Acquire, Loop: true, Path: path(pred[b])})
			return false
		}
		if firstKill < end {
			return false
		}
		if end < len(b.Instrs) {
			return false
		}
		switch last := b.Instrs[end-1].(type) {
		case *ssa.Return:
			leaks = append(leaks, Leak{At: last, Path: path(b)})
			return false
		case *ssa.Panic:
			return false
		}
		return true
	}
	if step(acqBlock, acqIndex+1) {
		push(acqBlock)
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if step(b, 0) {
			push(b)
		}
	}
	return leaks
}

// neverReturns reports calls that end a path without a leak and that the
// SSA builder does not already end with a Panic: the testing.TB
// interface's Fatal family called through the interface, and, in tests,
// Error, Errorf and Fail: a leak on a path where the test has already
// failed is not one a reviewer would fix.
func neverReturns(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	if call.Call.IsInvoke() {
		return testingMethod(call.Call.Method.Name()) && isTestingType(call.Call.Value.Type(), "TB")
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || !testingMethod(callee.Name()) {
		return false
	}
	return isTestingType(callee.Signature.Recv().Type(), "common", "T", "B", "F")
}

func testingMethod(name string) bool {
	switch name {
	case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow", "Error", "Errorf", "Fail":
		return true
	}
	return false
}

func isTestingType(t types.Type, names ...string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "testing" {
		return false
	}
	return slices.Contains(names, named.Obj().Name())
}
