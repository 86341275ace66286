package lifecycle

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Repeated conditions: Go code often tests the same thing twice,
//
//	if enc.BufferPool != nil { buf = enc.BufferPool.Get() }
//	...
//	if enc.BufferPool != nil { defer enc.BufferPool.Put(buf) }
//
// and a path that took the first branch takes the same one at the second
// test. The leak walk remembers, per path, the last two such conditions it
// passed (and those that dominate the acquisition), and decides their
// repeated tests.

// condMemory is what a path knows of repeated conditions: up to two
// condition ids (0: none) and the branch taken at each.
type condMemory [2]struct {
	id  int32
	val bool
}

// with returns m knowing that condition id took val.
func (m condMemory) with(id int32, val bool) condMemory {
	if m[0].id == id {
		m[0].val = val
		return m
	}
	m[1] = m[0]
	m[0].id, m[0].val = id, val
	return m
}

func (m condMemory) lookup(id int32) (val, ok bool) {
	for _, c := range m {
		if c.id == id && id != 0 {
			return c.val, true
		}
	}
	return false, false
}

// repeatedConds numbers the If blocks of fn whose condition is also tested
// by another If: the same comparison of the same operands (the same field
// read twice counts as the same operand).
func repeatedConds(fn *ssa.Function) map[*ssa.BasicBlock]int32 {
	byKey := make(map[string][]*ssa.BasicBlock)
	for _, b := range fn.Blocks {
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if k := condKey(iff.Cond, 0); k != "" {
			byKey[k] = append(byKey[k], b)
		}
	}
	ids := make(map[*ssa.BasicBlock]int32)
	next := int32(0)
	for _, bs := range byKey {
		if len(bs) < 2 {
			continue
		}
		next++
		for _, b := range bs {
			ids[b] = next
		}
	}
	return ids
}

// condKey writes a comparison as a key that equal comparisons share, or
// "" for one that is not a comparison of stable operands.
func condKey(v ssa.Value, depth int) string {
	cmp, ok := v.(*ssa.BinOp)
	if !ok {
		return operandKey(v, depth) // a bool variable: `if logging`
	}
	switch cmp.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return ""
	}
	x, y := operandKey(cmp.X, depth), operandKey(cmp.Y, depth)
	if x == "" || y == "" {
		return ""
	}
	return x + " " + cmp.Op.String() + " " + y
}

// operandKey names a value that reads the same wherever it is read in the
// function: a constant, a parameter, a global, a field path from one of
// those (stores in between are not tracked: a path that reassigns the
// field between the tests is rare and only hides a leak).
func operandKey(v ssa.Value, depth int) string {
	if depth > 4 {
		return ""
	}
	switch x := v.(type) {
	case *ssa.Const:
		return "c:" + x.String()
	case *ssa.Parameter:
		return "p:" + x.Name()
	case *ssa.Global:
		return "g:" + x.RelString(nil)
	case *ssa.FieldAddr:
		if k := operandKey(x.X, depth+1); k != "" {
			return fmt.Sprintf("%s.%d", k, x.Field)
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if k := operandKey(x.X, depth+1); k != "" {
				return "*" + k
			}
		}
	}
	return ""
}

// knownAtAcquisition returns what the conditions dominating block b say:
// b lies under one branch of each If above it on its dominator chain.
func knownAtAcquisition(b *ssa.BasicBlock, ids map[*ssa.BasicBlock]int32) condMemory {
	var m condMemory
	for d := b.Idom(); d != nil; d = d.Idom() {
		id, ok := ids[d]
		if !ok {
			continue
		}
		t, f := d.Succs[0].Dominates(b), d.Succs[1].Dominates(b)
		if t != f {
			m = m.with(id, t)
		}
		if m[1].id != 0 {
			break
		}
	}
	return m
}

// decidedByMemory returns the successor b must take when it repeats a
// condition the path remembers, or -1.
func decidedByMemory(b *ssa.BasicBlock, ids map[*ssa.BasicBlock]int32, m condMemory) int {
	id, ok := ids[b]
	if !ok {
		return -1
	}
	val, ok := m.lookup(id)
	if !ok {
		return -1
	}
	if val {
		return 0
	}
	return 1
}

// nilOnEdge returns the value that b's If finds nil on its successor i
// (the false branch of `v != nil`, the true branch of `v == nil`), or nil.
func nilOnEdge(b *ssa.BasicBlock, i int) ssa.Value {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return nil
	}
	v := cmp.X
	if isNil(v) {
		v = cmp.Y
	} else if !isNil(cmp.Y) {
		return nil
	}
	switch {
	case cmp.Op == token.NEQ && i == 1, cmp.Op == token.EQL && i == 0:
		return v
	}
	return nil
}

// decidedByNil returns the successor b must take when it compares nilv,
// known nil on the path, with a sentinel that is not nil (a package's
// error variable, err == ErrNotFound), or -1.
func decidedByNil(b *ssa.BasicBlock, nilv ssa.Value) int {
	if nilv == nil {
		return -1
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return -1
	}
	other := cmp.Y
	if cmp.Y == nilv {
		other = cmp.X
	} else if cmp.X != nilv {
		return -1
	}
	if !sentinel(other) {
		return -1
	}
	if cmp.Op == token.EQL {
		return 1
	}
	return 0
}

// sentinel reports a value read from a package variable of interface
// type (var ErrNotFound = errors.New(...)): set once, never nil.
func sentinel(v ssa.Value) bool {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	_, global := u.X.(*ssa.Global)
	return global && types.IsInterface(u.Type())
}
