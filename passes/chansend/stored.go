package chansend

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// A function may return its channel inside a value it makes: a future
// whose Done field its goroutine sends one value on
// (fu := &Future{Done: make(chan error)}; go func() { fu.Done <- f() }();
// return fu). A caller that returns without receiving from fu.Done leaves
// that goroutine blocked, as with a returned channel.

// A PendingField is a field of a result (a pointer to a struct the
// function made) holding a channel with a value in flight.
type PendingField struct {
	Result int    // the result
	Field  int    // the field's index in the struct
	Name   string // the field's name
}

// storedInFlight returns the fields of fn's results that hold a channel
// with a value in flight, and the send of the first.
func storedInFlight(fn *ssa.Function) ([]PendingField, *ssa.Send) {
	var fields []PendingField
	var first *ssa.Send
	for j, a := range returnedAllocs(fn) {
		if a == nil {
			continue
		}
		for _, fa := range fieldChans(a) {
			if send := fieldInFlight(a, fa); send != nil {
				st := a.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
				fields = append(fields, PendingField{Result: j, Field: fa.Field, Name: st.Field(fa.Field).Name()})
				if first == nil {
					first = send
				}
			}
		}
	}
	return fields, first
}

// returnedAllocs returns, for each result of fn, the struct fn allocates
// and every return gives there (or nil, on an error path), or nil.
func returnedAllocs(fn *ssa.Function) []*ssa.Alloc {
	res := fn.Signature.Results()
	if res.Len() == 0 || res.Len() > 64 {
		return nil
	}
	out := make([]*ssa.Alloc, res.Len())
	seen := make([]bool, res.Len())
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for j, v := range ret.Results {
			if c, isConst := v.(*ssa.Const); isConst && c.IsNil() {
				continue
			}
			a := allocOf(v)
			if a != nil && !isStructPointer(a.Type()) {
				a = nil
			}
			if seen[j] && out[j] != a {
				a = nil
			}
			out[j], seen[j] = a, true
		}
	}
	return out
}

// allocOf returns the allocation a value is (see heldValue).
func allocOf(v ssa.Value) *ssa.Alloc {
	a, _ := heldValue(v).(*ssa.Alloc)
	return a
}

// aliases returns a and the values loaded from variables holding only a,
// and those variables.
func aliases(a *ssa.Alloc) (values []ssa.Value, cells []*ssa.Alloc) {
	values = []ssa.Value{a}
	for _, ref := range *a.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Val != a {
			continue
		}
		cell, ok := st.Addr.(*ssa.Alloc)
		if !ok || len(lifecycle.StoredValues(cell)) != 1 {
			continue
		}
		cells = append(cells, cell)
		for _, r := range *cell.Referrers() {
			if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
				values = append(values, load)
			}
		}
	}
	return values, cells
}

func isStructPointer(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Struct)
	return ok
}

// fieldChans returns the fields of a into which fn stores an unbuffered
// channel it makes, and does nothing else with.
func fieldChans(a *ssa.Alloc) []*ssa.FieldAddr {
	var out []*ssa.FieldAddr
	for _, ref := range *a.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || fa.X != a {
			continue
		}
		refs := *fa.Referrers()
		if len(refs) != 1 {
			continue
		}
		if st, ok := refs[0].(*ssa.Store); ok && st.Addr == fa {
			if mc, ok := st.Val.(*ssa.MakeChan); ok && unbuffered(mc) && len(*mc.Referrers()) == 1 {
				out = append(out, fa)
			}
		}
	}
	return out
}

// fieldInFlight returns the send of the one goroutine fn starts with a,
// when it sends once on a's field and nothing else in fn or the goroutine
// touches that channel or hands a on.
func fieldInFlight(a *ssa.Alloc, field *ssa.FieldAddr) *ssa.Send {
	values, cells := aliases(a)
	var s *sender
	start := func(g *ssa.Go, body *ssa.Function, ch ssa.Value) bool {
		if s != nil {
			return false // two goroutines
		}
		s = &sender{start: g, body: body, ch: ch}
		return true
	}
	for _, v := range values {
		for _, ref := range *v.Referrers() {
			if !aliasUse(ref, v, field, cells, start) {
				return nil
			}
		}
	}
	for _, c := range cells {
		for _, ref := range *c.Referrers() {
			if !cellUse(ref, c, start) {
				return nil
			}
		}
	}
	if s == nil {
		return nil
	}
	return fieldSend(*s, field.Field)
}

// aliasUse reports whether ref, a use of the struct value v, leaves the
// channel in field to the goroutine: reads of other fields, returns, the
// store into a variable that holds it, the go statement running a method
// with it.
func aliasUse(ref ssa.Instruction, v ssa.Value, field *ssa.FieldAddr, cells []*ssa.Alloc, start func(*ssa.Go, *ssa.Function, ssa.Value) bool) bool {
	switch x := ref.(type) {
	case *ssa.FieldAddr:
		return x == field || x.Field != field.Field
	case *ssa.Store:
		cell, ok := x.Addr.(*ssa.Alloc)
		return ok && x.Val == v && slices.Contains(cells, cell)
	case *ssa.Return, *ssa.DebugRef:
		return true
	case *ssa.MakeClosure:
		return closureStart(x, v, start)
	case *ssa.Go:
		callee := x.Call.StaticCallee()
		if callee == nil || callee.Blocks == nil || x.Call.IsInvoke() {
			return false
		}
		i := slices.Index(x.Call.Args, v)
		return i >= 0 && i < len(callee.Params) && start(x, callee, callee.Params[i])
	}
	return false // passed, compared, converted: someone else may receive
}

// cellUse is aliasUse for a variable holding the struct pointer.
func cellUse(ref ssa.Instruction, cell *ssa.Alloc, start func(*ssa.Go, *ssa.Function, ssa.Value) bool) bool {
	switch x := ref.(type) {
	case *ssa.Store, *ssa.DebugRef:
		return true
	case *ssa.UnOp:
		return x.Op == token.MUL // its uses are followed as the value's
	case *ssa.MakeClosure:
		return closureStart(x, cell, start)
	}
	return false
}

// closureStart records the goroutine a closure capturing v runs as.
func closureStart(mc *ssa.MakeClosure, v ssa.Value, start func(*ssa.Go, *ssa.Function, ssa.Value) bool) bool {
	g, ok := goOfClosure(mc)
	fn, _ := mc.Fn.(*ssa.Function)
	if !ok || fn == nil {
		return false
	}
	i := slices.Index(mc.Bindings, v)
	return i >= 0 && i < len(fn.FreeVars) && start(g, fn, fn.FreeVars[i])
}

// goOfClosure returns the go statement that runs a closure, when that is
// all that is done with it.
func goOfClosure(mc *ssa.MakeClosure) (*ssa.Go, bool) {
	refs := *mc.Referrers()
	if len(refs) != 1 {
		return nil, false
	}
	g, ok := refs[0].(*ssa.Go)
	return g, ok && g.Call.Value == mc
}

// fieldSend returns the goroutine's one send per run on the field of the
// struct it sees as s.ch (the pointer, or a variable holding it), when it
// does nothing else with that channel.
func fieldSend(s sender, field int) *ssa.Send {
	ptrs := []ssa.Value{s.ch}
	if p, ok := s.ch.Type().Underlying().(*types.Pointer); ok && isStructPointer(p.Elem()) {
		ptrs = nil
		for _, ref := range *s.ch.Referrers() {
			if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
				ptrs = append(ptrs, load)
			}
		}
	}
	var u chanUses
	for _, p := range ptrs {
		for _, ref := range *p.Referrers() {
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok || fa.Field != field {
				continue
			}
			for _, r := range *fa.Referrers() {
				load, ok := r.(*ssa.UnOp)
				if !ok || load.Op != token.MUL {
					return nil // stored to: another channel
				}
				usesOf(s.body, load, &u)
			}
		}
	}
	if len(u.sends) == 0 || len(u.escapes) > 0 || len(u.recvs) > 0 || len(u.cases) > 0 || len(u.goes) > 0 || u.closed {
		return nil
	}
	if loopingSend(findCycles(s.body), u.sends) != nil || !exclusive(u.sends) {
		return nil
	}
	return firstSend(s.body, u.sends)
}

// fieldUses returns what fn does with the channel in field f of the
// struct v points to, and false when v itself goes anywhere else (a
// method called on it may receive).
func fieldUses(fn *ssa.Function, v ssa.Value, f int) (chanUses, bool) {
	var u chanUses
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			if x.Field != f {
				continue
			}
			for _, r := range *x.Referrers() {
				load, ok := r.(*ssa.UnOp)
				if !ok || load.Op != token.MUL {
					return u, false
				}
				usesOf(fn, load, &u)
			}
		default:
			return u, false
		}
	}
	return u, true
}
