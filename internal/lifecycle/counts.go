package lifecycle

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A byte count returned with an error by a Read or Write (n, err :=
// r.Read(buf)) is never negative: io's contract. Once `n > 0` was false,
// n is 0, so the false branch of a following `n == 0` is never taken;
// a walk that took it would report a leak on a path no run follows
// (`if n > 0 { queue(buf) } else if n == 0 { put(buf) }`).

// impossibleEdges returns the If edges of fn that need a negative count.
func impossibleEdges(fn *ssa.Function) map[Edge]bool {
	var edges map[Edge]bool
	for _, b := range fn.Blocks {
		x, op, ok := countTest(b)
		if !ok || op != token.EQL || len(b.Preds) != 1 {
			continue
		}
		px, pop, ok := countTest(b.Preds[0])
		if !ok || px != x || pop != token.GTR || b.Preds[0].Succs[1] != b {
			continue
		}
		if edges == nil {
			edges = make(map[Edge]bool)
		}
		edges[Edge{b, 1}] = true
	}
	return edges
}

// countTest returns the count that b's If compares with zero and the
// comparison, with the count on the left (0 < n is n > 0).
func countTest(b *ssa.BasicBlock) (ssa.Value, token.Token, bool) {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, 0, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return nil, 0, false
	}
	switch {
	case isZero(cmp.Y) && isCount(cmp.X):
		return cmp.X, cmp.Op, true
	case isZero(cmp.X) && isCount(cmp.Y) && cmp.Op == token.LSS:
		return cmp.Y, token.GTR, true
	case isZero(cmp.X) && isCount(cmp.Y) && cmp.Op == token.EQL:
		return cmp.Y, token.EQL, true
	}
	return nil, 0, false
}

func isZero(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.Kind() == constant.Int && constant.Sign(c.Value) == 0
}

// isCount reports the int result of a call returning (int, error).
func isCount(v ssa.Value) bool {
	ex, ok := v.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return false
	}
	call, ok := ex.Tuple.(*ssa.Call)
	if !ok {
		return false
	}
	res := call.Call.Signature().Results()
	if res.Len() != 2 || !IsError(res.At(1).Type()) {
		return false
	}
	b, ok := res.At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.Int
}
