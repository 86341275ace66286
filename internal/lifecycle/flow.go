package lifecycle

import (
	"go/constant"
	"go/token"
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
	// exitsInDefer: fn defers os.Exit or runtime.Goexit, so it never
	// returns and nothing it holds outlives the process or goroutine.
	exitsInDefer bool
	// repeated: the If blocks testing a condition another If repeats,
	// numbered by condition; computed on first need.
	repeated map[*ssa.BasicBlock]int32
	// impossible: If edges no run takes (see impossibleEdges).
	impossible map[Edge]bool
}

func (f *Flow) conds() map[*ssa.BasicBlock]int32 {
	if f.repeated == nil {
		f.repeated = repeatedConds(f.fn)
	}
	return f.repeated
}

// NewFlow prepares fn for leak queries.
func NewFlow(fn *ssa.Function) *Flow {
	f := &Flow{fn: fn, index: make(map[ssa.Instruction]int), stops: make(map[*ssa.BasicBlock]int), impossible: impossibleEdges(fn)}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			f.index[instr] = i
			if _, ok := f.stops[b]; !ok && neverReturns(instr) {
				f.stops[b] = i
			}
			if d, ok := instr.(*ssa.Defer); ok && exits(d.Call.StaticCallee()) {
				f.exitsInDefer = true
			}
		}
	}
	return f
}

// Leaks walks forward from the acquisition and returns every exit reached
// while the resource is held. Each block is visited at most twice (see
// entry), so the cost is linear in the part of the function where the
// resource is held.
func (f *Flow) Leaks(r *Resource) []Leak {
	if f.exitsInDefer {
		return nil
	}
	w := &leakWalk{
		flow:    f,
		r:       r,
		kills:   make(map[*ssa.BasicBlock][]int),
		visited: make(map[entry]bool),
		pred:    make(map[*ssa.BasicBlock]*ssa.BasicBlock),
	}
	for _, k := range r.Kills {
		if b := k.Block(); b != nil {
			w.kills[b] = append(w.kills[b], f.index[k])
		}
	}
	w.acqBlock, w.acqIndex = r.Acquire.Block(), f.index[r.Acquire]
	if w.step(w.acqBlock, w.acqIndex+1) {
		w.push(entry{w.acqBlock, -1, flagState{}, knownAtAcquisition(w.acqBlock, w.flow.conds()), nil})
	}
	for len(w.work) > 0 {
		e := w.work[len(w.work)-1]
		w.work = w.work[:len(w.work)-1]
		if w.step(e.b, 0) {
			w.push(e)
		}
	}
	return w.leaks
}

// An entry is a block entered while the resource is held: normally, or,
// for a loop header whose test is decided on the entering edge
// (`for i := 0; i < N; i++` with a constant N), as that decided first
// entry, which takes only the decided successor.
//
// An entry also carries the value a boolean flag took on the path
// (didOpen := true right after the acquisition): a later `if didOpen`
// then takes only the branch that value decides.
type entry struct {
	b       *ssa.BasicBlock
	decided int // the only successor taken, or -1
	flag    flagState
	conds   condMemory
	// nilv is a value the path found nil (it took the nil branch of
	// `v != nil`): a later `v == ErrSentinel` is then false.
	nilv ssa.Value
}

// flagState is a boolean phi known to hold val on the current path.
type flagState struct {
	phi *ssa.Phi
	val bool
}

type leakWalk struct {
	flow     *Flow
	r        *Resource
	kills    map[*ssa.BasicBlock][]int
	acqBlock *ssa.BasicBlock
	acqIndex int
	visited  map[entry]bool
	work     []entry
	pred     map[*ssa.BasicBlock]*ssa.BasicBlock // the first block to bring it held
	leaks    []Leak
}

func (w *leakWalk) push(from entry) {
	for i, s := range from.b.Succs {
		if w.r.Edges[Edge{from.b, i}] || w.flow.impossible[Edge{from.b, i}] || (from.decided >= 0 && i != from.decided) {
			continue
		}
		flag := flagOnEntry(from.b, s, from.flag)
		conds := from.conds
		if id, ok := w.flow.conds()[from.b]; ok {
			conds = conds.with(id, i == 0)
		}
		nilv := from.nilv
		if v := nilOnEdge(from.b, i); v != nil {
			nilv = v
		}
		e := entry{s, decidedOnEntry(from.b, s), flag, conds, nilv}
		if e.decided < 0 {
			e.decided = decidedByFlag(s, flag)
		}
		if e.decided < 0 {
			e.decided = decidedByNil(s, nilv)
		}
		if e.decided < 0 {
			e.decided = decidedByMemory(s, w.flow.conds(), conds)
		}
		if w.visited[e] {
			continue
		}
		w.visited[e] = true
		if _, ok := w.pred[s]; !ok {
			w.pred[s] = from.b
		}
		w.work = append(w.work, e)
	}
}

// path returns the blocks of one held path, from b back towards the
// acquisition.
func (w *leakWalk) path(b *ssa.BasicBlock) []*ssa.BasicBlock {
	var p []*ssa.BasicBlock
	for ; b != nil && b != w.acqBlock && len(p) < len(w.flow.fn.Blocks); b = w.pred[b] {
		p = append(p, b)
	}
	return p
}

// step scans b from index start while held and reports whether the
// resource is still held at the end of b.
func (w *leakWalk) step(b *ssa.BasicBlock, start int) bool {
	end := len(b.Instrs)
	if i, ok := w.flow.stops[b]; ok && i >= start {
		end = i // a call that never returns: the path ends, no leak
	}
	firstKill := end
	for _, k := range w.kills[b] {
		if k >= start && k < firstKill {
			firstKill = k
		}
	}
	if b == w.acqBlock && start == 0 && w.acqIndex < firstKill {
		// Acquired again while the previous one is still held.
		w.leaks = append(w.leaks, Leak{At: w.r.Acquire, Loop: true, Path: w.path(w.pred[b])})
		return false
	}
	if firstKill < end || end < len(b.Instrs) {
		return false
	}
	switch last := b.Instrs[end-1].(type) {
	case *ssa.Return:
		w.leaks = append(w.leaks, Leak{At: last, Path: w.path(b)})
		return false
	case *ssa.Panic:
		return false
	}
	return true
}

// decidedOnEntry returns the successor that block b must take when entered
// from pred, when b ends in a comparison of constants once its phis take
// their values from pred (a counted loop's first test), or -1.
func decidedOnEntry(pred, b *ssa.BasicBlock) int {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return -1
	}
	switch cmp.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
	default:
		return -1
	}
	x, y := constOnEdge(cmp.X, pred, b), constOnEdge(cmp.Y, pred, b)
	if x == nil || y == nil || x.Value == nil || y.Value == nil ||
		x.Value.Kind() != constant.Int || y.Value.Kind() != constant.Int {
		return -1
	}
	if constant.Compare(x.Value, cmp.Op, y.Value) {
		return 0
	}
	return 1
}

// flagOnEntry returns the flag known when b is entered from pred: a
// boolean phi of b that takes a constant from pred and is tested by an
// If, or else the flag known before, unless b redefines it.
func flagOnEntry(pred, b *ssa.BasicBlock, cur flagState) flagState {
	for _, instr := range b.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if !testedFlag(phi) {
			continue
		}
		if c := constOnEdge(phi, pred, b); c != nil && c.Value != nil && c.Value.Kind() == constant.Bool {
			return flagState{phi, constant.BoolVal(c.Value)}
		}
		if cur.phi == phi {
			cur = flagState{}
		}
	}
	return cur
}

// testedFlag reports a boolean phi that some If tests, directly or negated.
func testedFlag(phi *ssa.Phi) bool {
	if b, ok := phi.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return false
	}
	for _, ref := range *phi.Referrers() {
		switch u := ref.(type) {
		case *ssa.If:
			return true
		case *ssa.UnOp:
			if u.Op == token.NOT && slices.ContainsFunc(*u.Referrers(), isIf) {
				return true
			}
		}
	}
	return false
}

func isIf(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.If)
	return ok
}

// decidedByFlag returns the successor b must take when it tests the known
// flag, or -1.
func decidedByFlag(b *ssa.BasicBlock, flag flagState) int {
	if flag.phi == nil {
		return -1
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cond, negated := iff.Cond, false
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, negated = u.X, true
	}
	if cond != flag.phi {
		return -1
	}
	if flag.val != negated {
		return 0
	}
	return 1
}

// constOnEdge returns v as a constant when it is one, or when it is a phi
// of b whose value on the edge from pred is one.
func constOnEdge(v ssa.Value, pred, b *ssa.BasicBlock) *ssa.Const {
	if phi, ok := v.(*ssa.Phi); ok && phi.Block() == b {
		for i, p := range b.Preds {
			if p == pred && i < len(phi.Edges) {
				v = phi.Edges[i]
			}
		}
	}
	c, _ := v.(*ssa.Const)
	return c
}

// exits reports the functions that end the process or goroutine.
func exits(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	obj, _ := fn.Object().(*types.Func)
	switch FuncKey(obj) {
	case "os.Exit", "runtime.Goexit", "syscall.Exit":
		return true
	}
	return false
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
		return testingMethod(call.Call.Method.Name()) && IsNamed(call.Call.Value.Type(), "testing", "TB")
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || !testingMethod(callee.Name()) {
		return false
	}
	return IsNamed(callee.Signature.Recv().Type(), "testing", "common", "T", "B", "F")
}

func testingMethod(name string) bool {
	switch name {
	case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow", "Error", "Errorf", "Fail":
		return true
	}
	return false
}

// Reached returns the targets that run after from on some path that does
// not first pass one of stops (an acquisition, which makes a new
// resource) or a call that never returns: the uses of a value after it
// was released.
//
// within, if not nil, limits the walk to those blocks: where the value is
// live, so that many short-lived values in one long function cost linear
// time in all.
func (f *Flow) Reached(from ssa.Instruction, stops, targets map[ssa.Instruction]bool, within map[*ssa.BasicBlock]bool) []ssa.Instruction {
	var found []ssa.Instruction
	seen := make(map[ssa.Instruction]bool)
	visited := make(map[*ssa.BasicBlock]bool)
	var work []*ssa.BasicBlock
	scan := func(b *ssa.BasicBlock, start int) {
		end := len(b.Instrs)
		if i, ok := f.stops[b]; ok && i >= start {
			end = i
		}
		for _, instr := range b.Instrs[start:end] {
			if stops[instr] {
				return
			}
			if targets[instr] && !seen[instr] {
				seen[instr] = true
				found = append(found, instr)
			}
		}
		if end < len(b.Instrs) {
			return
		}
		for _, s := range b.Succs {
			if !visited[s] && (within == nil || within[s]) {
				visited[s] = true
				work = append(work, s)
			}
		}
	}
	scan(from.Block(), f.index[from]+1)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		scan(b, 0)
	}
	return found
}

// Live returns the blocks from which one of targets can be reached without
// first passing def, the block defining the value: where the value is
// still live. It costs the size of that range, not of the function.
func Live(def *ssa.BasicBlock, targets map[ssa.Instruction]bool) map[*ssa.BasicBlock]bool {
	live := make(map[*ssa.BasicBlock]bool)
	var work []*ssa.BasicBlock
	for t := range targets {
		if b := t.Block(); b != nil && !live[b] {
			live[b] = true
			work = append(work, b)
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == def {
			continue
		}
		for _, p := range b.Preds {
			if !live[p] {
				live[p] = true
				work = append(work, p)
			}
		}
	}
	return live
}
