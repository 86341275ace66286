package chansend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/locks"
)

// cancelName matches the names of stop channels: done, stopc, exitCh,
// quit, closing, shutdownCh, dying...
var cancelName = regexp.MustCompile(`(?i)^(done|stop|stopped|stopping|exit|quit|closing|closed|close|shutdown|dying|die|cancel|cancelled|canceled|abort|term|terminate|kill|halt)(c|ch|chan)?$`)

// A signal is a select case receiving a cancel signal: ctx.Done() or a
// stop channel.
type signal struct {
	sel  *ssa.Select
	text string // as written in the case: ctx.Done(), l.exitCh
	path string // the stop channel's place path; "" for ctx.Done()
}

// sendFacts are what the send checks ask of a function, gathered in one
// walk over it: its loops, the selects on a cancel signal, the values whose
// reply channel it receives from, and whether it watches ctx.Done().
type sendFacts struct {
	loops      *cycles
	signals    []signal
	replyBases map[ssa.Value]bool
	received   map[locks.Place]bool // channels fn receives from itself
	// receivedLocal: parameters and captured variables fn receives from.
	receivedLocal map[ssa.Value]bool
	// nilled: the places each block sets to nil; closes: the places each
	// block closes, with the position of the close in the block.
	nilled      map[*ssa.BasicBlock][]locks.Place
	closes      map[*ssa.BasicBlock][]placeAt
	order       map[ssa.Instruction]int // position of each send in its block
	watchesDone bool
}

func (ch *checker) sendFactsOf(fn *ssa.Function) *sendFacts {
	f := &sendFacts{loops: ch.loopsOf(fn), replyBases: make(map[ssa.Value]bool), received: make(map[locks.Place]bool),
		receivedLocal: make(map[ssa.Value]bool), nilled: make(map[*ssa.BasicBlock][]locks.Place),
		closes: make(map[*ssa.BasicBlock][]placeAt), order: make(map[ssa.Instruction]int)}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			for _, c := range receivedChans(instr) {
				if p, ok := locks.PlaceOf(c); ok {
					f.replyBases[p.Base] = true
					f.received[p] = true
				}
				f.receivedLocal[localChan(c)] = true
			}
			switch x := instr.(type) {
			case *ssa.Send:
				f.order[x] = i
			case *ssa.Store:
				if c, isConst := x.Val.(*ssa.Const); isConst && c.IsNil() {
					if q, ok := locks.PlaceOf(x.Addr); ok {
						f.nilled[b] = append(f.nilled[b], q)
					}
				}
			case *ssa.Call:
				f.watchesDone = f.watchesDone || isCancelSignal(x)
				if bi, isClose := x.Call.Value.(*ssa.Builtin); isClose && bi.Name() == "close" {
					if q, ok := locks.PlaceOf(x.Call.Args[0]); ok {
						f.closes[b] = append(f.closes[b], placeAt{q, i})
					}
				}
			case *ssa.Select:
				if sig, ok := ch.cancelCase(x); ok {
					f.signals = append(f.signals, sig)
				}
			}
		}
	}
	return f
}

// cancelCase returns a blocking select's case receiving a cancel signal.
func (ch *checker) cancelCase(sel *ssa.Select) (signal, bool) {
	if !sel.Blocking {
		return signal{}, false
	}
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly && isCancelSignal(st.Chan) {
			if text := ch.caseText(st.Pos); text != "" {
				sig := signal{sel: sel, text: text}
				if p, ok := locks.PlaceOf(st.Chan); ok {
					sig.path = p.Path()
				}
				return sig, true
			}
		}
	}
	return signal{}, false
}

// isCancelSignal recognises ctx.Done() and channels named like a stop
// signal, whether fields, globals, parameters or captured variables.
func isCancelSignal(v ssa.Value) bool {
	if call, ok := v.(*ssa.Call); ok {
		return call.Call.IsInvoke() && call.Call.Method.Name() == "Done" && lifecycle.IsContext(call.Call.Value.Type())
	}
	if p, ok := locks.PlaceOf(v); ok {
		return cancelName.MatchString(locks.LastField(p.Field))
	}
	switch x := locks.Variable(v).(type) {
	case *ssa.Parameter:
		return cancelName.MatchString(x.Name())
	case *ssa.FreeVar:
		return cancelName.MatchString(x.Name())
	}
	return false
}

// caseText is the channel a select case receives from, as written.
func (ch *checker) caseText(arrow token.Pos) string {
	f := ch.src.FileOf(arrow)
	if f == nil {
		return ""
	}
	path, _ := astutil.PathEnclosingInterval(f, arrow, arrow)
	for _, n := range path {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && u.OpPos == arrow {
			return types.ExprString(u.X)
		}
	}
	return ""
}

// notOwned reports whether a send's channel comes from outside the
// function (a field, a global, a parameter, a captured variable), and
// returns its place when it has one.
func notOwned(v ssa.Value) (locks.Place, bool) {
	if p, ok := locks.PlaceOf(v); ok {
		return p, true
	}
	switch localChan(v).(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return locks.Place{}, true
	}
	return locks.Place{}, false
}

// checkIgnoredSignal reports a send, outside any select, on a channel the
// function does not own, in a loop that elsewhere selects on a cancel
// signal: when the receiver is gone, the loop that was meant to stop on
// the signal blocks on the send instead (the replication leader's reply
// send).
func (ch *checker) checkIgnoredSignal(f *sendFacts, send *ssa.Send) bool {
	if len(f.signals) == 0 || !f.loops.inLoop(send.Block()) {
		return false
	}
	place, ok := notOwned(send.Chan)
	if !ok || ch.index.served[place.Path()] || ch.oneShot(f, send, place) || f.replyBases[lifecycle.Root(send.X)] ||
		f.received[place] || f.receivedLocal[localChan(send.Chan)] || repliesToRequest(send) ||
		(place.Field != "" && ch.index.buffered(place.Path()) && answersRequest(send)) {
		return false
	}
	for _, sig := range f.signals {
		if !f.loops.sameLoop(sig.sel.Block(), send.Block()) {
			continue
		}
		why := fmt.Sprintf("the loop selects on %s at %s, but this send does not", sig.text, ch.src.Where(sig.sel.Pos()))
		advice, fix := ch.selectAdvice(send, sig.text)
		var mc *ssa.MakeChan
		if place.Field != "" {
			mc = ch.index.madeAt(place.Path())
		}
		ch.report(send, mc, "", why, advice, fix)
		return true
	}
	return false
}

// runsOnce reports whether a send runs at most once per value of a field:
// a block around it is entered only when the field is non-nil and sets it
// to nil (if w.retc != nil { w.retc <- v; w.retc = nil; ... }, or an
// earlier if v.notifyCh == nil { return }). A one-shot send into a channel
// made with room for it does not block.
func (f *sendFacts) runsOnce(send *ssa.Send) bool {
	b := send.Block()
	for depth := 0; b != nil && depth < 4; depth, b = depth+1, b.Idom() {
		for _, q := range f.nilled[b] {
			if enteredIfNonNil(b, q) || guardedAbove(b, q) {
				return true
			}
		}
	}
	return false
}

// guardedAbove reports whether a block dominating b is entered only when
// q is non-nil: if v.notifyCh == nil { return } earlier in the function.
func guardedAbove(b *ssa.BasicBlock, q locks.Place) bool {
	for depth, a := 0, b.Idom(); a != nil && depth < 6; depth, a = depth+1, a.Idom() {
		if enteredIfNonNil(a, q) {
			return true
		}
	}
	return false
}

// A placeAt is a place an instruction uses, and the instruction's position
// in its block.
type placeAt struct {
	place locks.Place
	index int
}

// enteredIfNonNil reports whether b is the branch of `if q != nil` taken
// when q is set.
func enteredIfNonNil(b *ssa.BasicBlock, q locks.Place) bool {
	cmp, onTrue := guardingCompare(b)
	if cmp == nil || (cmp.Op == token.NEQ) != onTrue {
		return false
	}
	for _, side := range []ssa.Value{cmp.X, cmp.Y} {
		if p, ok := locks.PlaceOf(side); ok && p == q {
			return true
		}
	}
	return false
}

// oneShot reports a send that runs at most once into a channel with room
// for it: guarded by a field it clears (runsOnce), or followed at once by
// closing the channel, which every make in the package gives a capacity.
func (ch *checker) oneShot(f *sendFacts, send *ssa.Send, place locks.Place) bool {
	if f.runsOnce(send) {
		return true
	}
	if place.Field == "" || !ch.index.buffered(place.Path()) {
		return false
	}
	for _, c := range f.closes[send.Block()] {
		if c.place == place && c.index > f.order[send] {
			return true
		}
	}
	return false
}

// answersRequest reports a send in the case of a select that received a
// request from another channel: one answer per request (net/http's write
// loop, which reports each write's error on a capacity-1 channel). Into a
// buffer the package makes, that answer does not wait.
func answersRequest(send *ssa.Send) bool {
	for _, b := range send.Parent().Blocks {
		for _, instr := range b.Instrs {
			sel, ok := instr.(*ssa.Select)
			if !ok {
				continue
			}
			for i, st := range sel.States {
				if st.Dir != types.RecvOnly || isCancelSignal(st.Chan) || lifecycle.SamePlace(st.Chan, send.Chan) {
					continue
				}
				if start := caseStart(sel, i); start != nil && start.Block().Dominates(send.Block()) {
					return true
				}
			}
		}
	}
	return false
}

// repliesToRequest reports a reply on the channel a request carried: the
// loop received a value and answers on one of its fields (wr := <-writech;
// wr.ch <- err). The requester made that channel for its one answer.
func repliesToRequest(send *ssa.Send) bool {
	var carrier ssa.Value
	if f, ok := send.Chan.(*ssa.Field); ok {
		carrier = f.X // a field of a request received by value
	} else if p, ok := locks.PlaceOf(send.Chan); ok {
		carrier = p.Base
	} else {
		return false
	}
	if cell, ok := carrier.(*ssa.Alloc); ok {
		return slices.ContainsFunc(lifecycle.StoredValues(cell), isReceived) // wr := <-writech, kept in a variable
	}
	return isReceived(carrier)
}

// isReceived reports whether v is a value received from a channel.
func isReceived(v ssa.Value) bool {
	switch b := lifecycle.Root(v).(type) {
	case *ssa.UnOp:
		return b.Op == token.ARROW
	case *ssa.Extract:
		_, fromSelect := b.Tuple.(*ssa.Select)
		recv, isRecv := b.Tuple.(*ssa.UnOp)
		return fromSelect || (isRecv && recv.Op == token.ARROW)
	}
	return false
}

// localChan names a channel held in a parameter or a captured variable
// the same way at each use: the variable, not one load of it.
func localChan(v ssa.Value) ssa.Value { return locks.Variable(lifecycle.Root(v)) }

// receivedChans returns the channels an instruction receives from.
func receivedChans(instr ssa.Instruction) []ssa.Value {
	switch x := instr.(type) {
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			return []ssa.Value{x.X}
		}
	case *ssa.Select:
		var out []ssa.Value
		for _, st := range x.States {
			if st.Dir == types.RecvOnly {
				out = append(out, st.Chan)
			}
		}
		return out
	}
	return nil
}

// checkIgnoredContext reports a pipeline stage that ignores the context it
// was given: a goroutine that sends on its output in a loop and closes it
// when done, with a ctx in scope that it never selects on. Its consumer
// stops receiving when ctx ends; the stage then blocks on its next send.
func (ch *checker) checkIgnoredContext(fn *ssa.Function, f *sendFacts, send *ssa.Send) {
	if !f.loops.inLoop(send.Block()) || !ch.index.started[fn] || f.watchesDone || f.replyBases[lifecycle.Root(send.X)] {
		return
	}
	ctx := contextInScope(fn)
	if ctx == "" || !closedBy(fn, send.Chan) {
		return
	}
	why := fmt.Sprintf("the goroutine sends until it closes the channel but never selects on %s.Done(), so a consumer that stops when %s ends leaves it blocked", ctx, ctx)
	advice, fix := ch.selectAdvice(send, ctx+".Done()")
	ch.report(send, nil, "", why, advice, fix)
}

// closedBy reports whether fn closes the channel it sends on, now or when
// it returns: the channel is the stage's output.
func closedBy(fn *ssa.Function, v ssa.Value) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var c *ssa.CallCommon
			switch x := instr.(type) {
			case *ssa.Call:
				c = &x.Call
			case *ssa.Defer:
				c = &x.Call
			default:
				continue
			}
			if bi, ok := c.Value.(*ssa.Builtin); ok && bi.Name() == "close" && lifecycle.SamePlace(lifecycle.Root(c.Args[0]), lifecycle.Root(v)) {
				return true
			}
		}
	}
	return false
}
