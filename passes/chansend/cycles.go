package chansend

import "golang.org/x/tools/go/ssa"

// cycles are the strongly connected components of a function's control
// flow graph: two blocks lie on one cycle when they share a component
// that has a cycle. Computing them once per function keeps per-send
// questions ("is this send in a loop with that select?") constant time.
type cycles struct {
	comp   []int // by block index
	cyclic []bool
}

func (c *cycles) inLoop(b *ssa.BasicBlock) bool { return c.cyclic[c.comp[b.Index]] }

func (c *cycles) sameLoop(a, b *ssa.BasicBlock) bool {
	return c.comp[a.Index] == c.comp[b.Index] && c.inLoop(a)
}

// loopsOf returns fn's cycles, computed on first need.
func (ch *checker) loopsOf(fn *ssa.Function) *cycles {
	if c, ok := ch.loops[fn]; ok {
		return c
	}
	c := findCycles(fn)
	ch.loops[fn] = c
	return c
}

// findCycles is Tarjan's algorithm over fn's blocks.
func findCycles(fn *ssa.Function) *cycles {
	n := len(fn.Blocks)
	t := &tarjan{index: make([]int, n), low: make([]int, n), onStack: make([]bool, n),
		c: &cycles{comp: make([]int, n)}}
	for i := range t.index {
		t.index[i] = -1
	}
	for _, b := range fn.Blocks {
		if t.index[b.Index] < 0 {
			t.visit(b)
		}
	}
	return t.c
}

type tarjan struct {
	index, low []int
	onStack    []bool
	stack      []*ssa.BasicBlock
	next       int
	c          *cycles
}

func (t *tarjan) visit(b *ssa.BasicBlock) {
	t.index[b.Index], t.low[b.Index] = t.next, t.next
	t.next++
	t.stack = append(t.stack, b)
	t.onStack[b.Index] = true
	selfLoop := false
	for _, s := range b.Succs {
		switch {
		case s == b:
			selfLoop = true
		case t.index[s.Index] < 0:
			t.visit(s)
			t.low[b.Index] = min(t.low[b.Index], t.low[s.Index])
		case t.onStack[s.Index]:
			t.low[b.Index] = min(t.low[b.Index], t.index[s.Index])
		}
	}
	if t.low[b.Index] != t.index[b.Index] {
		return
	}
	id := len(t.c.cyclic)
	size := 0
	for {
		top := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[top.Index] = false
		t.c.comp[top.Index] = id
		size++
		if top == b {
			break
		}
	}
	t.c.cyclic = append(t.c.cyclic, size > 1 || selfLoop)
}
