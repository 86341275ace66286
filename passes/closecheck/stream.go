package closecheck

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// A gRPC client stream holds a goroutine and a transport stream until its
// context is cancelled, a receive returns a non-nil error, or its
// connection is closed. CloseSend only half-closes it.

// streamRelease says how a stream's function gives it up besides the
// paths the walk follows.
type streamRelease int

const (
	notAtExit     streamRelease = iota
	atExitRelease               // a deferred cancel or conn close: every return releases it
	byWhoeverHas                // its cancel is handed on: whoever holds it releases it
)

// streamReleasedAtExit reports whether something registered with defer
// releases every stream of fn when fn returns (a deferred cancel of the
// stream's context, or a deferred close of a ClientConn), or whether the
// cancel is handed on. Non-deferred cancels and closes are added to r as
// kills, all of them: a stream opened on each iteration is released by a
// cancel called before the next one.
func (ch *checker) streamReleasedAtExit(fn *ssa.Function, call *ssa.Call, r *lifecycle.Resource) streamRelease {
	how := notAtExit
	cancel := cancelOf(streamContext(call))
	if cancel == nil {
		cancel = cancelResult(call) // a helper returning the stream with its cancel
	}
	if cancel != nil {
		for _, use := range usesThroughCells(cancel) {
			switch {
			case handsOn(use.instr, use.v):
				return byWhoeverHas
			case deferred(use.instr, use.v):
				how = atExitRelease
			default:
				r.Kills = append(r.Kills, use.instr) // called here
			}
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch u := instr.(type) {
			case *ssa.Defer:
				if closesConn(&u.Call) {
					how = atExitRelease
				}
				if mc, ok := u.Call.Value.(*ssa.MakeClosure); ok && bodyClosesConn(mc.Fn.(*ssa.Function)) {
					how = atExitRelease
				}
			case *ssa.Call:
				if closesConn(&u.Call) {
					r.Kills = append(r.Kills, u)
				}
			}
		}
	}
	return how
}

type valueUse struct {
	v     ssa.Value
	instr ssa.Instruction
}

// usesThroughCells returns the uses of v, looking through the local
// variables it is stored in (SSA keeps a variable that a closure captures
// in a cell, even when it is never reassigned).
func usesThroughCells(v ssa.Value) []valueUse {
	return usesThroughCellsSeen(v, map[ssa.Value]bool{})
}

// usesThroughCellsSeen is usesThroughCells that follows each value once: a
// cancel reloaded and stored back into its own variable is not a new use.
func usesThroughCellsSeen(v ssa.Value, seen map[ssa.Value]bool) []valueUse {
	if seen[v] {
		return nil
	}
	seen[v] = true
	var uses []valueUse
	for _, ref := range *v.Referrers() {
		st, ok := ref.(*ssa.Store)
		cell, isCell := ssa.Value(nil), false
		if ok && st.Val == v {
			cell, isCell = st.Addr.(*ssa.Alloc)
		}
		if !isCell {
			uses = append(uses, valueUse{v, ref})
			continue
		}
		for _, cref := range *cell.Referrers() {
			switch u := cref.(type) {
			case *ssa.Store:
			case *ssa.UnOp:
				uses = append(uses, usesThroughCellsSeen(u, seen)...)
			default:
				uses = append(uses, valueUse{cell, cref})
			}
		}
	}
	return uses
}

// handsOn reports whether instr gives the cancel function v to someone
// else to call: stores it in a field or global, sends it, passes it to a
// call, or captures it in a closure that is not simply deferred.
func handsOn(instr ssa.Instruction, v ssa.Value) bool {
	switch u := instr.(type) {
	case *ssa.Store:
		return u.Val == v
	case *ssa.Send, *ssa.MapUpdate, *ssa.MakeClosure, *ssa.Return:
		return true
	case ssa.CallInstruction:
		return u.Common().Value != v // an argument, not the call of v itself
	}
	return false
}

// deferred reports whether instr defers v, directly or through a closure
// that is itself only deferred.
func deferred(instr ssa.Instruction, v ssa.Value) bool {
	switch u := instr.(type) {
	case *ssa.Defer:
		return u.Call.Value == v
	case *ssa.MakeClosure:
		return lifecycle.OnlyDeferred(u)
	}
	return false
}

// cancelResult returns the context.CancelFunc that a stream-creating
// helper returns beside the stream (stream, cancel, err := open(...)).
func cancelResult(call *ssa.Call) ssa.Value {
	res := call.Call.Signature().Results()
	for j := range res.Len() {
		if lifecycle.IsNamed(res.At(j).Type(), "context", "CancelFunc") {
			return lifecycle.ResultValue(call, j)
		}
	}
	return nil
}

// streamContext returns the context argument of a stream-creating call.
func streamContext(call *ssa.Call) ssa.Value {
	for _, a := range call.Call.Args {
		if lifecycle.IsContext(a.Type()) {
			return a
		}
	}
	return nil
}

// cancelOf returns the cancel function made together with ctx by
// context.WithCancel, WithTimeout, WithDeadline or their Cause forms,
// looking through calls that derive a context from a context
// (context.WithValue, metadata.NewOutgoingContext, a withToken helper):
// cancelling the parent cancels what is derived from it.
func cancelOf(ctx ssa.Value) ssa.Value {
	for depth := 0; ctx != nil && depth < 8; depth++ {
		var call *ssa.Call
		switch x := lifecycle.StripConversions(ctx).(type) {
		case *ssa.Extract:
			call, _ = x.Tuple.(*ssa.Call)
			if call != nil && x.Index == 0 && isCancelCtor(call) {
				return lifecycle.ResultValue(call, 1)
			}
		case *ssa.Call:
			call = x
		}
		ctx = parentContext(call)
	}
	return nil
}

// parentContext returns the context argument a context-returning call
// derives its result from.
func parentContext(call *ssa.Call) ssa.Value {
	if call == nil || call.Call.IsInvoke() {
		return nil
	}
	for _, a := range call.Call.Args {
		if lifecycle.IsContext(a.Type()) {
			return a
		}
	}
	return nil
}

func isCancelCtor(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	switch lifecycle.FuncKey(obj) {
	case "context.WithCancel", "context.WithTimeout", "context.WithDeadline",
		"context.WithCancelCause", "context.WithTimeoutCause", "context.WithDeadlineCause":
		return true
	}
	return false
}

// closesConn reports a call of (*grpc.ClientConn).Close.
func closesConn(c *ssa.CallCommon) bool {
	callee := c.StaticCallee()
	if callee == nil {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	return lifecycle.FuncKey(obj) == "google.golang.org/grpc.ClientConn.Close"
}

// bodyClosesConn reports whether a deferred closure, or a closure nested
// in it, closes a ClientConn.
func bodyClosesConn(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok && closesConn(ci.Common()) {
				return true
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if bodyClosesConn(anon) {
			return true
		}
	}
	return false
}

// endsStreamOnError lists the stream methods whose non-nil error means the
// stream is finished. A receive error always does. A send error does for
// every error but io.EOF, whose status must be read with RecvMsg; code that
// returns the send error is too common, and too nearly right, to report.
var endsStreamOnError = map[string]bool{"Recv": true, "RecvMsg": true, "Send": true, "SendMsg": true}

// addRecvEdges marks as released the branches on which a receive on the
// stream returned a non-nil error: the stream is finished there.
func (ch *checker) addRecvEdges(events []lifecycle.Event, r *lifecycle.Resource) {
	for _, err := range streamErrors(events) {
		r.AddNonNilEdges(err)
	}
}

// streamErrors returns the errors of the stream's calls whose non-nil
// error ends it.
func streamErrors(events []lifecycle.Event) []ssa.Value {
	var errs []ssa.Value
	for _, e := range events {
		if e.Kind != lifecycle.MethodCall || !endsStreamOnError[e.Method] {
			continue
		}
		if call, ok := e.Instr.(*ssa.Call); ok {
			if err := errorOf(call); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errs
}

// errorOf returns the error result of a call returning error or (T, error).
func errorOf(call *ssa.Call) ssa.Value {
	res := call.Call.Signature().Results()
	if res.Len() == 1 && lifecycle.IsError(res.At(0).Type()) {
		return call
	}
	return lifecycle.ErrorResult(call)
}

// addErrorDerefKills marks as released the calls of a method on a
// receive's error (err.Error()): they run only when the error is non-nil,
// since calling a method on a nil error panics, so the stream is finished
// there.
func (ch *checker) addErrorDerefKills(events []lifecycle.Event, r *lifecycle.Resource) {
	for _, err := range streamErrors(events) {
		for _, use := range usesThroughCells(err) {
			if c, ok := use.instr.(*ssa.Call); ok && c.Call.IsInvoke() && c.Call.Value == use.v {
				r.Kills = append(r.Kills, c)
			}
		}
	}
}

// unaryDesc reports whether call makes a stream from a *grpc.StreamDesc
// that does not stream server responses: such a stream is finished by its
// first RecvMsg, whatever it returns.
func unaryDesc(call *ssa.Call) bool {
	for _, a := range call.Call.Args {
		ptr, ok := a.Type().(*types.Pointer)
		if !ok || !lifecycle.IsNamed(ptr.Elem(), "google.golang.org/grpc", "StreamDesc") {
			continue
		}
		stores, known := descStores(a)
		if !known {
			return false
		}
		for _, st := range stores {
			fa := st.Addr.(*ssa.FieldAddr)
			field := fa.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct).Field(fa.Field)
			if field.Name() != "ServerStreams" {
				continue
			}
			if c, ok := st.Val.(*ssa.Const); !ok || constant.BoolVal(c.Value) {
				return false
			}
		}
		return true
	}
	return false
}

// descStores returns the field stores that build a StreamDesc literal:
// one allocated here, or a package variable initialized with one. known
// is false for any other descriptor (a field of a generated ServiceDesc).
func descStores(v ssa.Value) (stores []*ssa.Store, known bool) {
	switch x := v.(type) {
	case *ssa.Alloc:
		return fieldStores(x), true
	case *ssa.UnOp:
		g, ok := x.X.(*ssa.Global)
		if !ok || x.Op != token.MUL {
			return nil, false
		}
		// Globals have no referrers: read the package initializer.
		init := g.Pkg.Func("init")
		if init == nil {
			return nil, false
		}
		for _, b := range init.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || st.Addr != g {
					continue
				}
				a, ok := st.Val.(*ssa.Alloc)
				if !ok {
					return nil, false
				}
				stores = append(stores, fieldStores(a)...)
				known = true
			}
		}
		return stores, known
	}
	return nil, false
}

func fieldStores(a *ssa.Alloc) []*ssa.Store {
	var stores []*ssa.Store
	for _, ref := range *a.Referrers() {
		if fa, ok := ref.(*ssa.FieldAddr); ok {
			for _, r := range *fa.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == fa {
					stores = append(stores, st)
				}
			}
		}
	}
	return stores
}

// addUnaryKills marks every receive on a unary stream as its release.
func addUnaryKills(events []lifecycle.Event, r *lifecycle.Resource) {
	for _, e := range events {
		if e.Kind == lifecycle.MethodCall && (e.Method == "RecvMsg" || e.Method == "Recv" || e.Method == "CloseAndRecv") {
			r.Kills = append(r.Kills, e.Instr)
		}
	}
}

// callerCancels reports whether the stream's context is a parameter of fn
// (or derived from one without a cancel of its own) that every caller
// cancels after the call: fn is unexported, only called directly in
// this package, and each call passes a context made with a cancel the
// caller calls or defers. Such a caller ends the stream when fn returns,
// however fn leaves it.
func (ch *checker) callerCancels(fn *ssa.Function, call *ssa.Call) bool {
	k := paramOf(fn, streamContext(call))
	if k < 0 || fn.Object() == nil || fn.Object().Exported() {
		return false
	}
	calls, ok := ch.callSites()[fn]
	if !ok || len(calls) == 0 {
		return false
	}
	for _, c := range calls {
		if k >= len(c.Args) {
			return false
		}
		cancel := cancelOf(c.Args[k])
		if cancel == nil || len(usesThroughCells(cancel)) == 0 {
			return false
		}
	}
	return true
}

// paramOf returns the index of the parameter of fn that ctx is, or is
// derived from by calls that add no cancel, or -1.
func paramOf(fn *ssa.Function, ctx ssa.Value) int {
	for depth := 0; ctx != nil && depth < 8; depth++ {
		switch x := lifecycle.StripConversions(ctx).(type) {
		case *ssa.Parameter:
			for i, p := range fn.Params {
				if p == x {
					return i
				}
			}
			return -1
		case *ssa.Call:
			ctx = parentContext(x)
		default:
			return -1
		}
	}
	return -1
}

// callSites maps each function of the package to its static calls, and
// leaves out (marks with ok false by absence) functions also used as
// values, whose callers cannot be listed.
func (ch *checker) callSites() map[*ssa.Function][]*ssa.CallCommon {
	if ch.calls != nil {
		return ch.calls
	}
	ch.calls = make(map[*ssa.Function][]*ssa.CallCommon)
	asValue := make(map[*ssa.Function]bool)
	var ops []*ssa.Value
	for _, fn := range ch.srcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok {
					if callee, ok := c.Common().Value.(*ssa.Function); ok {
						ch.calls[callee] = append(ch.calls[callee], c.Common())
					}
				}
				ops = instr.Operands(ops[:0])
				for i, op := range ops {
					if f, ok := (*op).(*ssa.Function); ok && !isCallee(instr, i) {
						asValue[f] = true
					}
				}
			}
		}
	}
	for f := range asValue {
		delete(ch.calls, f)
	}
	return ch.calls
}

// isCallee reports whether operand i of instr is the function a call
// calls (Operands lists a call's function value first).
func isCallee(instr ssa.Instruction, i int) bool {
	c, ok := instr.(ssa.CallInstruction)
	return ok && i == 0 && !c.Common().IsInvoke()
}
