package chansend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/locks"
	"github.com/leaklint/leaklint/internal/report"
)

// A stop is where a receive loop on a channel in a place can end: a
// select in a loop receives the channel in one case and a cancel signal
// (ctx.Done(), a stop channel) in another, whose case leaves the loop.
// After that, nothing receives: the next sends block, on a buffered
// channel once it is full.
type stop struct {
	fn     *ssa.Function
	signal string // as the receiver writes it: t.exitCh, ctx.Done()
	// signalField is the signal's field when it is a field of the same
	// struct as the channel (t.exitCh beside t.sendCh): a sender reaching
	// the channel can reach the signal too.
	signalField string
	signalPath  string    // the stop channel's place path; "" for ctx.Done()
	at          token.Pos // the return that ends the loop, or the case
}

// stopOf returns where the receive loop containing a select receiving a
// channel in place p can stop.
func (ch *checker) stopOf(fn *ssa.Function, instr ssa.Instruction, p locks.Place) (stop, bool) {
	s, signal, ok := ch.loopStop(fn, instr, func(v ssa.Value) bool { return samePlace(v, p) })
	if !ok {
		return stop{}, false
	}
	if q, isPlace := locks.PlaceOf(signal); isPlace {
		s.signalPath = q.Path()
		if q.Owner == p.Owner && q.Base == p.Base {
			s.signalField = locks.LastField(q.Field)
		}
	}
	return s, true
}

// loopStop returns where the receive loop containing a select receiving
// a channel (own tells its values) can stop, and the signal it stops on.
func (ch *checker) loopStop(fn *ssa.Function, instr ssa.Instruction, own func(ssa.Value) bool) (stop, ssa.Value, bool) {
	sel, ok := instr.(*ssa.Select)
	loops := ch.loopsOf(fn)
	if !ok || !sel.Blocking || !loops.inLoop(sel.Block()) || controlCase(sel, own, loops) {
		return stop{}, nil, false
	}
	for i, st := range sel.States {
		if st.Dir != types.RecvOnly || !isCancelSignal(st.Chan) || own(st.Chan) {
			continue
		}
		start := caseStart(sel, i)
		if start == nil || loops.sameLoop(start.Block(), sel.Block()) {
			continue // the case goes back around the loop
		}
		text := ch.caseText(st.Pos)
		if text == "" {
			continue
		}
		return stop{fn: fn, signal: text, at: exitAfter(start.Block(), sel.Block(), st.Pos)}, st.Chan, true
	}
	return stop{}, nil, false
}

// controlCase reports a select whose case receiving the channel leaves
// the loop: it is itself a signal (a kill channel each worker takes one
// value from and quits), not a stream of values the loop keeps serving.
func controlCase(sel *ssa.Select, own func(ssa.Value) bool, loops *cycles) bool {
	for i, st := range sel.States {
		if st.Dir == types.RecvOnly && own(st.Chan) {
			if start := caseStart(sel, i); start != nil && !loops.sameLoop(start.Block(), sel.Block()) {
				return true
			}
		}
	}
	return false
}

func samePlace(v ssa.Value, p locks.Place) bool {
	q, ok := locks.PlaceOf(v)
	return ok && q.Path() == p.Path()
}

// exitAfter is the first return reached from b without going back
// through the loop's select, or pos when there is none with a position.
func exitAfter(b, loop *ssa.BasicBlock, pos token.Pos) token.Pos {
	seen := map[*ssa.BasicBlock]bool{b: true, loop: true}
	for work := []*ssa.BasicBlock{b}; len(work) > 0; {
		b := work[0]
		work = work[1:]
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && ret.Pos().IsValid() {
			return ret.Pos()
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return pos
}

// checkStoppedReceiver reports a send, outside any select, on a channel
// in a field or global whose every receiver is a loop that can stop on a
// signal: once it has stopped, the send blocks forever. This is the
// replication transport whose writer loop returns on its exit channel
// while Write keeps sending, and the server loop that stops on ctx.Done()
// while a method still sends it requests.
func (ch *checker) checkStoppedReceiver(fn *ssa.Function, f *sendFacts, send *ssa.Send) {
	place, ok := locks.PlaceOf(send.Chan)
	if !ok || place.Field == "" {
		return
	}
	path := place.Path()
	stops, all := ch.index.stopsOf(path)
	if !all || f.received[place] || ch.oneShot(f, send, place) || repliesToRequest(send) || !ch.mayFill(fn, f, send, path) {
		return
	}
	for _, s := range stops {
		if s.fn == fn {
			return // the loop sends to itself
		}
	}
	for _, sig := range f.signals {
		if f.loops.sameLoop(sig.sel.Block(), send.Block()) {
			return // a loop stopping on a signal of its own: checkIgnoredSignal's case
		}
		for _, s := range stops {
			if s.signalPath != "" && sig.path == s.signalPath {
				return // the sender watches the receiver's stop signal itself (net/http's roundTrip)
			}
		}
	}
	if flagChecked(send, cancelName, false) || flagChecked(send, blockingName, true) {
		return // if x.closed { return } before it; or a blocking delivery the owner asked for
	}
	s := stops[0]
	who := "its only receiver, the loop in"
	if len(stops) > 1 {
		who = fmt.Sprintf("each of its %d receivers can stop; the loop in", len(stops))
	}
	why := fmt.Sprintf("%s %s, stops at %s on %s, and this send does not select on it",
		who, report.FuncName(s.fn), ch.src.Where(s.at), s.signal)
	var advice string
	var fix *analysis.SuggestedFix
	if sig := ch.signalInSender(fn, send, s); sig != "" {
		advice, fix = ch.selectAdvice(send, sig)
	}
	ch.report(send, ch.index.madeAt(path), "", why, advice, fix)
}

// blockingName matches an option that asks for blocking delivery (an
// observer registered with blocking set): the owner chose to wait.
var blockingName = regexp.MustCompile(`(?i)^block(ing|s)?$`)

// flagChecked reports a send just past a check of a boolean field named
// like name, on its true or false branch: past if db.closed { return }
// (the sender and Close take the same mutex around the flag), or inside
// if or.blocking { ... }.
func flagChecked(send *ssa.Send, name *regexp.Regexp, onTrue bool) bool {
	b := send.Block()
	for depth := 0; b != nil && depth < 3; depth, b = depth+1, b.Idom() {
		flag, branch := guardingCond(b)
		if flag != nil && branch == onTrue {
			if p, ok := locks.PlaceOf(flag); ok && name.MatchString(locks.LastField(p.Field)) {
				return true
			}
		}
	}
	return false
}

// mayFill reports whether the send can block once its receiver stopped:
// on an unbuffered channel, any send; on a buffered one, a send that can
// run again and again until the buffer is full: in a loop, in an exported
// function (callers may call it any number of times), in a goroutine the
// package starts, or in a function called from a loop. A send run once
// at startup into an empty buffer does not block.
func (ch *checker) mayFill(fn *ssa.Function, f *sendFacts, send *ssa.Send, path string) bool {
	if !ch.index.bufferedVia(path) {
		return true
	}
	root := fn
	for root.Parent() != nil {
		root = root.Parent()
	}
	return f.loops.inLoop(send.Block()) || ast.IsExported(root.Name()) || ch.index.started[fn] || ch.index.calledInLoop[fn]
}

// signalInSender writes the signal that stops the receiver as the sending
// function can: its own ctx.Done() for a receiver stopping on a context,
// the sibling field of the channel for a stop channel beside it; "" when
// it cannot.
func (ch *checker) signalInSender(fn *ssa.Function, send *ssa.Send, s stop) string {
	if strings.HasSuffix(s.signal, ".Done()") {
		if ctx := contextInScope(fn); ctx != "" {
			return ctx + ".Done()"
		}
		return ""
	}
	stmt, _ := ch.sendSyntax(send)
	if s.signalField == "" || stmt == nil {
		return ""
	}
	if sel, ok := stmt.Chan.(*ast.SelectorExpr); ok {
		return types.ExprString(sel.X) + "." + s.signalField
	}
	return ""
}
