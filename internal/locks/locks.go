// Package locks says which mutexes a function holds at each of its
// instructions, and names the shared places (fields of a value, globals)
// that mutexes and channels live in, so that two functions of a package can
// be compared: "the sender holds h.mu at this send, and the receiver locks
// h.mu before it receives from h.events".
//
// It is intraprocedural: a lock taken or released inside a callee is not
// seen, and nothing is assumed held on entry. Both err towards holding
// fewer locks, which for its users means reporting less.
package locks

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A Place is a variable that outlives one call: a field path from a base
// value (the receiver, a parameter, a captured pointer) or a global.
type Place struct {
	// Base is the value the path starts from, as this function sees it.
	// Two places of one function are the same variable when they are
	// equal.
	Base ssa.Value
	// Owner is the type of the struct the last field belongs to, or a
	// global's package path; Field is the path of field names from Base
	// ("in.mu"), or the global's name.
	Owner, Field string
}

// Path names the variable independently of the function and of the way
// it was reached: the struct type and its field, "example.com/p.hub.mu".
// Places in different functions with the same Path are the same field of
// possibly different values (w.coordinator.resultC and c.resultC).
func (p Place) Path() string { return p.Owner + "." + LastField(p.Field) }

// LastField is the last name of a dotted field path.
func LastField(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// PlaceOf returns the place an address denotes (&h.mu, &pkg.mu), or that a
// value was loaded from (h.events, pkg.ch).
func PlaceOf(v ssa.Value) (Place, bool) {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		v = u.X
	}
	var fields []string
	owner := ""
	for depth := 0; depth < 8; depth++ {
		switch x := v.(type) {
		case *ssa.Global:
			if owner == "" {
				owner = x.Pkg.Pkg.Path()
			}
			return Place{Base: x, Owner: owner, Field: join(x.Name(), fields)}, true
		case *ssa.FieldAddr:
			if owner == "" {
				owner = typeName(x.X.Type())
			}
			fields = append(fields, fieldName(x.X.Type(), x.Field))
			v = x.X
			if inner, ok := v.(*ssa.UnOp); ok && inner.Op == token.MUL {
				if _, isAddr := inner.X.(*ssa.FieldAddr); isAddr {
					v = inner.X // h.inner.mu where inner is a pointer field
				}
			}
			if _, more := v.(*ssa.FieldAddr); more {
				continue // h.inner.mu where inner is a struct
			}
			return Place{Base: Variable(v), Owner: owner, Field: join("", fields)[1:]}, true
		default:
			return Place{}, false
		}
	}
	return Place{}, false
}

// Variable returns the variable a load reads (a local cell, a captured
// variable, a global), so that the loads of one variable are one value: a
// closure reads its free variable's cell afresh at each use. Other values
// are returned as they are.
func Variable(v ssa.Value) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		switch u.X.(type) {
		case *ssa.Alloc, *ssa.FreeVar, *ssa.Global:
			return u.X
		}
	}
	return v
}

func join(head string, reversed []string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := len(reversed) - 1; i >= 0; i-- {
		b.WriteByte('.')
		b.WriteString(reversed[i])
	}
	return b.String()
}

func fieldName(ptr types.Type, i int) string {
	if p, ok := ptr.Underlying().(*types.Pointer); ok {
		if s, ok := p.Elem().Underlying().(*types.Struct); ok && i < s.NumFields() {
			return s.Field(i).Name()
		}
	}
	return "?"
}

func typeName(t types.Type) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return types.TypeString(t, nil)
}

// Mode is how a mutex is held.
type Mode uint8

const (
	Read  Mode = 1 // RLock
	Write Mode = 2 // Lock
)

// An Op is a call that takes or releases a mutex.
type Op struct {
	Mutex   Place
	Mode    Mode
	Release bool
}

// OpOf recognises calls on sync.Mutex and sync.RWMutex held in a place:
// Lock, RLock, Unlock and RUnlock. TryLock is left out: its result decides
// whether anything is held.
func OpOf(c *ssa.CallCommon) (Op, bool) {
	callee := c.StaticCallee()
	if callee == nil || len(c.Args) != 1 || callee.Signature.Recv() == nil {
		return Op{}, false
	}
	recv := callee.Signature.Recv().Type()
	if !isSyncType(recv, "Mutex") && !isSyncType(recv, "RWMutex") {
		return Op{}, false
	}
	var op Op
	switch callee.Name() {
	case "Lock":
		op = Op{Mode: Write}
	case "RLock":
		op = Op{Mode: Read}
	case "Unlock":
		op = Op{Mode: Write, Release: true}
	case "RUnlock":
		op = Op{Mode: Read, Release: true}
	default:
		return Op{}, false
	}
	p, ok := PlaceOf(c.Args[0])
	op.Mutex = p
	return op, ok
}

func isSyncType(t types.Type, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == name
}

// A Set is the mutexes held, each with the strongest mode held.
type Set map[Place]Mode

// Held is the must-hold analysis of one function: a mutex is held at an
// instruction when every path from the entry locks it and does not unlock
// it. A deferred unlock releases nothing before the function returns.
type Held struct {
	entry map[*ssa.BasicBlock]Set
	// The cursor of At: the set held before curBlock.Instrs[curNext].
	cur      Set
	curBlock *ssa.BasicBlock
	curNext  int
}

// Analyze computes which mutexes fn holds on entry to each block.
func Analyze(fn *ssa.Function) *Held {
	h := &Held{entry: make(map[*ssa.BasicBlock]Set)}
	if len(fn.Blocks) == 0 || !locksAnything(fn) {
		return h // At gives the empty set everywhere
	}
	h.entry[fn.Blocks[0]] = Set{}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	queued := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b] = false
		out := transfer(h.entry[b], b.Instrs)
		for _, s := range b.Succs {
			if merged, changed := meet(h.entry[s], out, h.entry[s] == nil); changed {
				h.entry[s] = merged
				if !queued[s] {
					queued[s] = true
					work = append(work, s)
				}
			}
		}
	}
	return h
}

// TakesAny reports whether the function takes a mutex on some path.
func (h *Held) TakesAny() bool { return len(h.entry) > 0 }

// locksAnything reports whether fn takes a mutex: most functions do not,
// and need no dataflow.
func locksAnything(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if op, ok := OpOf(&call.Call); ok && !op.Release {
					return true
				}
			}
		}
	}
	return false
}

// meet intersects what a block already had on entry with what a new
// predecessor brings; first is true when the block had nothing yet.
func meet(old, in Set, first bool) (Set, bool) {
	if first {
		return in, true
	}
	changed := false
	merged := Set{}
	for m, mode := range old {
		if got := in[m]; got != 0 {
			merged[m] = min(mode, got)
			changed = changed || merged[m] != mode
		} else {
			changed = true
		}
	}
	return merged, changed
}

func transfer(in Set, instrs []ssa.Instruction) Set {
	out := make(Set, len(in))
	for m, mode := range in {
		out[m] = mode
	}
	for _, instr := range instrs {
		apply(out, instr)
	}
	return out
}

func apply(s Set, instr ssa.Instruction) {
	call, ok := instr.(*ssa.Call) // a deferred unlock is an *ssa.Defer: ignored
	if !ok {
		return
	}
	op, ok := OpOf(&call.Call)
	if !ok {
		return
	}
	if op.Release {
		delete(s, op.Mutex)
		return
	}
	s[op.Mutex] = max(s[op.Mutex], op.Mode)
}

// At returns the mutexes held just before instr runs. Queries that move
// forward through a block continue from the previous one, so asking at
// every instruction of a function costs one pass over it. The set is
// valid until the next call.
func (h *Held) At(instr ssa.Instruction) Set {
	b := instr.Block()
	if h.curBlock != b || h.curNext > len(b.Instrs) || (h.curNext > 0 && !h.ahead(instr)) {
		in, ok := h.entry[b]
		if !ok {
			return Set{} // unreachable block
		}
		h.cur = make(Set, len(in))
		for m, mode := range in {
			h.cur[m] = mode
		}
		h.curBlock, h.curNext = b, 0
	}
	for h.curNext < len(b.Instrs) && b.Instrs[h.curNext] != instr {
		apply(h.cur, b.Instrs[h.curNext])
		h.curNext++
	}
	return h.cur
}

// ahead reports whether instr is at or after the cursor in its block.
func (h *Held) ahead(instr ssa.Instruction) bool {
	for _, i := range h.curBlock.Instrs[h.curNext:] {
		if i == instr {
			return true
		}
	}
	return false
}
