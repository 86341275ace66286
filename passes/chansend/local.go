package chansend

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// A function that makes a channel, starts one goroutine receiving from
// it and sends on it itself depends on that goroutine for every send.
// When the goroutine's only receives are cases of a select in a loop
// that leaves on a signal (ctx.Done(), a stop channel), the sends after
// the stop block forever: a feeder whose consumer gave up on its context.

// ParamStops is a fact about an exported function whose receives from
// some channel parameters are all cases of a loop that can stop: for
// other packages, where the goroutine `go pkg.Consume(ctx, ch)` is such a
// receiver.
type ParamStops struct{ Params []ParamStop }

// AFact marks ParamStops as an analysis fact.
func (*ParamStops) AFact() {}

func (s *ParamStops) String() string { return fmt.Sprintf("stops %v", s.Params) }

// A ParamStop is where a receive loop on parameter Index can stop.
type ParamStop struct {
	Index  int    // the parameter
	Signal string // what the loop stops on, as the function writes it
	At     string // file:line where it stops
	Func   string // the function's name
}

// A receiverStop is where the one goroutine receiving a channel stops.
type receiverStop struct {
	fn, signal, at string
	// localSignal: the signal is a variable the sender captured too (a
	// closure's stop channel), so the sender may name it as the
	// receiver does.
	localSignal bool
}

// checkLocalStoppedReceiver reports the sends of fn on mc, a channel it
// made, whose only receiver is a goroutine it started that can stop.
func (ch *checker) checkLocalStoppedReceiver(fn *ssa.Function, mc *ssa.MakeChan, capacity int64, u *chanUses) {
	if len(u.sends) == 0 || len(u.recvs) > 0 || len(u.goes)+len(u.external) != 1 || len(u.escapes) != len(u.external) {
		return
	}
	var rs receiverStop
	var ok bool
	var start *ssa.Go
	if len(u.goes) == 1 {
		start = u.goes[0].start
		rs, ok = ch.goroutineStop(fn, u.goes[0])
	} else {
		start = u.external[0].start
		rs, ok = ch.externalStop(u.external[0])
	}
	if !ok {
		return
	}
	facts := ch.sendFactsOf(fn)
	for _, send := range u.sends {
		if ch.reported[send] || capacity > 0 && !facts.loops.inLoop(send.Block()) || watchesOwnSignal(facts, send) {
			continue // room for a send run once; or the sender's loop has its own way out
		}
		why := fmt.Sprintf("its only receiver, the loop in %s started at %s, stops at %s on %s, and this send does not select on it",
			rs.fn, ch.src.Where(start.Pos()), rs.at, rs.signal)
		var advice string
		var fix *analysis.SuggestedFix
		if sig := senderSignal(fn, rs); sig != "" {
			advice, fix = ch.selectAdvice(send, sig)
		}
		ch.report(send, mc, "", why, advice, fix)
	}
}

// watchesOwnSignal reports a send in a loop that checks a cancel signal
// elsewhere (a select on it, with or without default, or ctx.Err()): the
// sender looks for the stop itself.
func watchesOwnSignal(f *sendFacts, send *ssa.Send) bool {
	for _, b := range send.Parent().Blocks {
		if !f.loops.sameLoop(b, send.Block()) {
			continue
		}
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Select:
				for _, st := range x.States {
					if st.Dir == types.RecvOnly && isCancelSignal(st.Chan) {
						return true
					}
				}
			case *ssa.Call:
				if x.Call.IsInvoke() && x.Call.Method.Name() == "Err" && lifecycle.IsContext(x.Call.Value.Type()) {
					return true
				}
			}
		}
	}
	return false
}

// senderSignal is the receiver's signal as the sender can write it: the
// same captured variable, or its own context's Done.
func senderSignal(fn *ssa.Function, rs receiverStop) string {
	if rs.localSignal {
		return rs.signal
	}
	if strings.HasSuffix(rs.signal, ".Done()") {
		if ctx := contextInScope(fn); ctx != "" {
			return ctx + ".Done()"
		}
	}
	return ""
}

// goroutineStop returns where the goroutine s, the only receiver of its
// channel, can stop. The signal must not be a channel the sender made:
// the sender decides when to close that one (after its sends).
func (ch *checker) goroutineStop(fn *ssa.Function, s sender) (receiverStop, bool) {
	st, signal, ok := ch.paramOrCaptureStop(s.body, s.ch)
	if !ok {
		return receiverStop{}, false
	}
	outer := outerValue(s, signal)
	if madeIn(outer, fn) {
		return receiverStop{}, false
	}
	_, captured := locals(signal).(*ssa.FreeVar)
	return receiverStop{fn: report.FuncName(s.body), signal: st.signal, at: ch.src.Where(st.at),
		localSignal: captured && s.body.Parent() == fn}, true
}

// externalStop reads the stop of a goroutine running a function of
// another package from its fact.
func (ch *checker) externalStop(e externalGo) (receiverStop, bool) {
	obj, ok := e.callee.Object().(*types.Func)
	if !ok {
		return receiverStop{}, false
	}
	var stops ParamStops
	if !ch.pending.pass.ImportObjectFact(obj.Origin(), &stops) { // the fact analyzer's
		return receiverStop{}, false
	}
	for _, p := range stops.Params {
		if p.Index == e.param && !madeIn(lifecycle.Root(e.start.Call.Args[signalArg(e, p)]), e.start.Parent()) {
			return receiverStop{fn: p.Func, signal: p.Signal, at: p.At}, true
		}
	}
	return receiverStop{}, false
}

// signalArg is the argument carrying the signal of a fact's stop when it
// is a parameter too, else the channel's own. A static method call's
// first argument is the receiver.
func signalArg(e externalGo, p ParamStop) int {
	sig := e.callee.Signature
	offset := 0
	if sig.Recv() != nil {
		offset = 1
	}
	for i := range sig.Params().Len() {
		name := sig.Params().At(i).Name()
		if i+offset < len(e.start.Call.Args) && name != "" && (p.Signal == name || strings.HasPrefix(p.Signal, name+".")) {
			return i + offset
		}
	}
	return e.param
}

// exportParamStops records the stops of fn's receive loops on its channel
// parameters, for other packages.
func (ch *checker) exportParamStops(fn *ssa.Function, obj *types.Func) {
	var stops ParamStops
	for i, p := range fn.Params {
		c, ok := p.Type().Underlying().(*types.Chan)
		if !ok || c.Dir() == types.SendOnly {
			continue
		}
		if st, _, ok := ch.paramOrCaptureStop(fn, p); ok {
			stops.Params = append(stops.Params, ParamStop{Index: i, Signal: st.signal, At: ch.src.Where(st.at), Func: qualifiedName(fn)})
		}
	}
	if len(stops.Params) > 0 {
		ch.pass.ExportObjectFact(obj, &stops)
	}
}

// qualifiedName is a function's name as another package writes it.
func qualifiedName(fn *ssa.Function) string {
	name := report.FuncName(fn)
	if fn.Signature.Recv() == nil && fn.Pkg != nil {
		return fn.Pkg.Pkg.Name() + "." + name
	}
	return name
}

// paramOrCaptureStop returns where body's loop receiving the channel it
// sees as v can stop, when every receive of it is a case of such a loop
// and body does nothing else with it; and the signal's value.
func (ch *checker) paramOrCaptureStop(body *ssa.Function, v ssa.Value) (stop, ssa.Value, bool) {
	u := usesIn(body, v)
	if len(u.cases) == 0 || len(u.cases) != len(u.recvs) || len(u.escapes) > 0 || len(u.sends) > 0 || len(u.goes) > 0 {
		return stop{}, nil, false // a plain receive or range keeps serving; or the channel goes elsewhere
	}
	var first stop
	var signal ssa.Value
	for i, c := range u.cases {
		own := func(x ssa.Value) bool { return x == c.sel.States[c.index].Chan }
		st, sig, ok := ch.loopStop(body, c.sel, own)
		if !ok {
			return stop{}, nil, false
		}
		if i == 0 {
			first, signal = st, sig
		}
	}
	return first, signal, true
}

// outerValue is the value the goroutine's starter gave for what its body
// sees as v (a free variable or parameter), or nil.
func outerValue(s sender, v ssa.Value) ssa.Value {
	switch x := locals(v).(type) {
	case *ssa.FreeVar:
		mc, ok := s.start.Call.Value.(*ssa.MakeClosure)
		if !ok {
			return nil
		}
		for i, fv := range s.body.FreeVars {
			if fv == x && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	case *ssa.Parameter:
		for i, p := range s.body.Params {
			if p == x && i < len(s.start.Call.Args) {
				return s.start.Call.Args[i]
			}
		}
	}
	return nil
}

// locals strips a load from a captured cell: the variable itself.
func locals(v ssa.Value) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		return u.X
	}
	return v
}

// madeIn reports a channel made in fn: directly, or held by a variable
// every store of which is one.
func madeIn(v ssa.Value, fn *ssa.Function) bool {
	if v == nil {
		return false
	}
	if cell, ok := v.(*ssa.Alloc); ok {
		stored := lifecycle.StoredValues(cell)
		for _, s := range stored {
			if !madeIn(s, fn) {
				return false
			}
		}
		return len(stored) > 0
	}
	mc, ok := lifecycle.Root(v).(*ssa.MakeChan)
	return ok && mc.Parent() == fn
}

// An externalGo is a goroutine running a function of another package
// with the channel as argument param.
type externalGo struct {
	start  *ssa.Go
	callee *ssa.Function
	param  int
}
