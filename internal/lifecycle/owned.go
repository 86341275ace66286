package lifecycle

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// OwnedResult reports whether result j of call is a resource the caller
// now owns: the callee made it fresh, and it is not merely a wrapper over
// a reader, writer or closer that the caller passed in without owning it
// (gzip.NewWriter(&buf), a MaxBytesReader over io.NopCloser, a debug/elf
// file over a bytes.Reader): closing such a wrapper releases nothing the
// caller holds.
func (t *Table) OwnedResult(call *ssa.Call, j int) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || !t.Of(callee).FreshAt(&call.Call, j) {
		return false
	}
	if sum := t.Of(callee); wellKnown(callee) || sum.IsAcquired(j) || sum.IsActive(j) {
		return true // a well-known acquisition, or one running on its own: always the caller's
	}
	return !t.wrapsUnowned(call, 0, false) && !t.wrapsReleased(call)
}

// wellKnown reports a callee whose summary is seeded (os.Open,
// grpc.NewClient, http.Client.Do): its fresh results are the caller's
// whatever arguments it was given.
func wellKnown(callee *ssa.Function) bool {
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj, ok := callee.Object().(*types.Func)
	return ok && seeded(obj.Origin()) != nil
}

// MadeResult reports whether result j of call is a value the call
// allocated for the caller, even one holding borrowed values. It is the
// ownership test for resource types a configuration names, whose values
// often point back at what made them (a transaction at its database).
func (t *Table) MadeResult(call *ssa.Call, j int) bool {
	if t.madeByCall(call, j) {
		if v := ResultValue(call, j); v == nil || !t.keptBeforeReturn(v) {
			return true
		}
	}
	return false
}

// wrapsReleased reports whether the callee keeps an owned argument that
// this function also releases or hands on elsewhere (`defer conn.Close()`
// then httputil.NewClientConn(conn, nil); a file returned to the caller as
// its closer and also parsed by elf.NewFile): the wrapped resource is
// taken care of, and the wrapper holds nothing more.
func (t *Table) wrapsReleased(call *ssa.Call) bool {
	sum := t.Of(call.Call.StaticCallee())
	for i, a := range call.Call.Args {
		if sum.IsBorrowed(i) || !streamLike(a.Type()) {
			continue
		}
		for _, e := range t.Uses(StripConversions(a), summaryPolicy{}) {
			if e.Kills() && e.Instr != ssa.Instruction(call) {
				return true
			}
		}
	}
	return false
}

// StripConversions returns v without the conversions that keep a value's
// identity: interface boxing and changes of named or interface type.
func StripConversions(v ssa.Value) ssa.Value {
	for {
		x, ok := conversionOperand(v)
		if !ok {
			return v
		}
		v = x
	}
}

// conversionOperand returns the operand of v when v is such a conversion.
func conversionOperand(v ssa.Value) (ssa.Value, bool) {
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return x.X, true
	case *ssa.ChangeType:
		return x.X, true
	case *ssa.ChangeInterface:
		return x.X, true
	}
	return nil, false
}

// wrapsUnowned reports whether the callee keeps a stream-like argument
// (a reader, writer or closer) that is not owned here. With params, an
// argument that is one of the caller's parameters counts as owned: whether
// the result is owned is then the caller's caller's question.
func (t *Table) wrapsUnowned(call *ssa.Call, depth int, params bool) bool {
	sum := t.Of(call.Call.StaticCallee())
	for i, a := range call.Call.Args {
		if sum.IsBorrowed(i) || sum.PassesThrough(i) >= 0 || !streamLike(a.Type()) {
			continue
		}
		if isNil(a) {
			return true // a wrapper over nothing: flate.NewWriter(nil, level)
		}
		if params && fromParam(a) {
			continue
		}
		if !t.ownedHere(a, depth+1) {
			return true
		}
	}
	return false
}

// fromParam reports whether v is made from one of its function's
// parameters: the parameter itself, converted, a field of it, a value
// loaded from a local it was stored in, or a call wrapping it as a stream
// (io.NewSectionReader(r, 0, n), but not bytes.NewReader(b)). Whether such a value is owned is the
// caller's question, answered at its call site.
func fromParam(v ssa.Value) bool { return derivedFromParam(v, 0) }

func derivedFromParam(v ssa.Value, depth int) bool {
	if depth > 6 {
		return false
	}
	switch x := StripConversions(v).(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return true
	case *ssa.FieldAddr:
		return derivedFromParam(x.X, depth+1)
	case *ssa.Field:
		return derivedFromParam(x.X, depth+1)
	case *ssa.UnOp:
		return derivedFromParam(x.X, depth+1)
	case *ssa.Alloc:
		for _, s := range storedInto(x) {
			if derivedFromParam(s, depth+1) {
				return true
			}
		}
	case *ssa.Extract:
		return derivedFromParam(x.Tuple, depth+1)
	case *ssa.Call:
		for _, a := range x.Call.Args {
			if streamLike(a.Type()) && derivedFromParam(a, depth+1) {
				return true // a reader wrapping the parameter's reader
			}
		}
	}
	return false
}

// streamLike reports types a wrapper would wrap: readers, writers,
// closers, and slices of them.
func streamLike(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return streamLike(u.Elem())
	case *types.Array:
		return streamLike(u.Elem())
	}
	return hasByteMethod(t, "Read") || hasByteMethod(t, "Write") || hasByteMethod(t, "ReadAt") || HasMethod(t, "Close")
}

// hasByteMethod reports a method of t named name taking a []byte first,
// as a stream's Read and Write do (an http.Request's Write(io.Writer) is
// no stream method).
func hasByteMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() == 0 {
		return false
	}
	sl, ok := sig.Params().At(0).Type().Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := sl.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// ownedHere reports whether v is, or holds, a resource acquired in its
// function: an owned call result, possibly converted, merged, appended to
// a slice or stored in a local variable.
func (t *Table) ownedHere(v ssa.Value, depth int) bool {
	if depth > 6 {
		return false
	}
	if x, ok := conversionOperand(v); ok {
		return t.ownedHere(x, depth+1)
	}
	switch x := v.(type) {
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return t.anyOwnedHere(x.Call.Args, depth)
		}
		return x.Call.StaticCallee() != nil && t.ownedResultAt(x, 0, depth)
	case *ssa.Extract:
		call, ok := x.Tuple.(*ssa.Call)
		return ok && call.Call.StaticCallee() != nil && t.ownedResultAt(call, x.Index, depth)
	case *ssa.Slice:
		return t.ownedHere(x.X, depth+1)
	case *ssa.Phi:
		return t.anyOwnedHere(x.Edges, depth)
	case *ssa.UnOp:
		return t.ownedHere(x.X, depth+1)
	case *ssa.Alloc:
		return t.anyOwnedHere(storedInto(x), depth)
	}
	return false
}

// ownedResultAt reports whether result j of call is an owned resource: a
// fresh value that must be closed (a fresh bytes.Reader is not one).
func (t *Table) ownedResultAt(call *ssa.Call, j, depth int) bool {
	res := call.Call.Signature().Results()
	if j >= res.Len() || !HasMethod(res.At(j).Type(), "Close") {
		return false
	}
	return t.Of(call.Call.StaticCallee()).FreshAt(&call.Call, j) && !t.wrapsUnowned(call, depth, false)
}

func (t *Table) anyOwnedHere(vs []ssa.Value, depth int) bool {
	for _, v := range vs {
		if t.ownedHere(v, depth+1) {
			return true
		}
	}
	return false
}

// storedInto returns the values stored into a local allocation, directly
// or into its fields and elements (a varargs array, a struct literal).
func storedInto(a *ssa.Alloc) []ssa.Value {
	var vs []ssa.Value
	var visit func(addr ssa.Value)
	visit = func(addr ssa.Value) {
		for _, r := range *addr.Referrers() {
			switch u := r.(type) {
			case *ssa.Store:
				if u.Addr == addr {
					vs = append(vs, u.Val)
				}
			case *ssa.IndexAddr:
				visit(u)
			case *ssa.FieldAddr:
				visit(u)
			}
		}
	}
	visit(a)
	return vs
}

// wrapsUnownedFields reports whether a fresh allocation stores a stream
// known to need no closing by whoever holds it: a result of a seeded
// non-owning call (io.Pipe's ends, io.NopCloser) or a fresh reader with no
// Close (bytes.NewReader). A struct pairing the ends of an in-memory pipe
// owns nothing to close. A stream not proven owned is not enough: that
// is often a summary that could not be inferred.
func (t *Table) wrapsUnownedFields(a *ssa.Alloc) bool {
	for _, v := range storedInto(a) {
		if streamLike(v.Type()) && t.knownUnowned(StripConversions(v)) {
			return true
		}
	}
	return false
}

func (t *Table) knownUnowned(v ssa.Value) bool {
	call, j := callResult(v)
	if call == nil {
		return false
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	if obj, ok := callee.Object().(*types.Func); ok {
		if s := seeded(obj.Origin()); s != nil {
			for i, a := range call.Call.Args {
				if s.Wraps(i) == j {
					// bufio.NewWriter(f): as owned as what it wraps.
					return t.knownUnowned(StripConversions(a))
				}
			}
			return !s.IsFresh(j)
		}
	}
	res := call.Call.Signature().Results()
	return j < res.Len() && !HasMethod(res.At(j).Type(), "Close") && t.Of(callee).IsFresh(j)
}

// trivialClose reports whether values of type t have a Close method, in
// the package being analysed, that does nothing that could release
// anything: no calls, stores, sends or panics (embed's files, an in-memory
// decompressor that only reports its error).
func (t *Table) trivialClose(typ types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(typ, true, nil, "Close")
	m, ok := obj.(*types.Func)
	if !ok || m.Pkg() != t.pass.Pkg {
		return false
	}
	return doesNothing(t.pkg.Prog.FuncValue(m.Origin()))
}
