package chansend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// A worker is a goroutine receiving from a channel the function made and
// feeds, handed to a Go method (errgroup.Group.Go), with the channel as
// its body sees it.
type worker struct {
	start ssa.Instruction
	body  *ssa.Function
	ch    ssa.Value
}

// checkQuittingWorkers reports a function that sends on a channel it made
// in a loop, for workers that range over it and may return before it is
// closed (on their first error): once every worker has returned, the next
// send blocks, and the function with it.
func (ch *checker) checkQuittingWorkers(fn *ssa.Function, mc *ssa.MakeChan) {
	var u chanUses
	usesOf(fn, mc, &u)
	send := loopingSend(ch.loopsOf(fn), u.sends)
	if send == nil || len(u.recvs) > 0 || len(u.cases) > 0 || !u.closed {
		return
	}
	workers := workersOf(fn, mc, &u)
	if len(workers) == 0 || !sendsAfterStart(fn, workers, u.sends) || ch.sizedToRange(mc, send) {
		return
	}
	var quit token.Pos
	for _, w := range workers {
		at, ok := ch.quitsEarly(w)
		if !ok {
			return // a worker that keeps receiving until the close
		}
		if !quit.IsValid() {
			quit = at
		}
	}
	why := fmt.Sprintf("the workers started at %s stop receiving when they return at %s, before the channel is closed; once all have, this send blocks",
		ch.src.Where(workers[0].start.Pos()), ch.src.Where(quit))
	if ctx := contextInScope(fn); ctx != "" {
		advice, fix := ch.selectAdvice(send, ctx+".Done()")
		ch.report(send, mc, "", why, "cancel "+ctx+" when a worker fails (errgroup.WithContext) and "+advice, fix)
		return
	}
	ch.report(send, mc, "", why, "have the workers drain the channel, or give them a context to cancel and select on its Done() here", nil)
}

// sendsAfterStart reports whether a send can run once a worker has
// started; sends all made before (into room for them) meet no quitter.
func sendsAfterStart(fn *ssa.Function, workers []worker, sends []*ssa.Send) bool {
	flow := lifecycle.NewFlow(fn)
	targets := make(map[ssa.Instruction]bool)
	for _, s := range sends {
		targets[s] = true
	}
	for _, w := range workers {
		if w.start.Parent() == fn && len(flow.Reached(w.start, nil, targets, nil)) > 0 {
			return true
		}
	}
	return false
}

// sizedToRange reports make(chan T, len(xs)) fed by a range over xs: one
// slot per value sent.
func (ch *checker) sizedToRange(mc *ssa.MakeChan, send *ssa.Send) bool {
	call := ch.src.CallAt(mc.Pos())
	if call == nil || len(call.Args) != 2 {
		return false
	}
	size, ok := call.Args[1].(*ast.CallExpr)
	if !ok || len(size.Args) != 1 || types.ExprString(size.Fun) != "len" {
		return false
	}
	f := ch.src.FileOf(send.Pos())
	path, _ := astutil.PathEnclosingInterval(f, send.Pos(), send.Pos())
	for _, n := range path {
		if rs, ok := n.(*ast.RangeStmt); ok {
			return types.ExprString(rs.X) == types.ExprString(size.Args[0])
		}
	}
	return false
}

// workersOf returns the goroutines started with the channel, if every
// use of it other than the function's own sends and close is one.
//
// Only workers handed to a Go method (errgroup's) count: their error ends
// them by design on the first failure, and the group's Wait reports it.
// Workers started with a go statement that return early mostly do so by
// protocol (a worker told to answer once, a test that has failed), so
// they are left alone.
func workersOf(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses) []worker {
	if len(u.goes) > 0 {
		return nil
	}
	var ws []worker
	for _, e := range u.escapes {
		w, ok := goMethodWorker(e, mc, u.cells)
		if !ok {
			return nil
		}
		ws = append(ws, w)
	}
	return ws
}

// goMethodWorker recognises a closure capturing the channel handed to a
// Go method: g.Go(func() error { for r := range ch { ... } }).
func goMethodWorker(e ssa.Instruction, mc *ssa.MakeChan, cells map[ssa.Value]bool) (worker, bool) {
	clo, ok := e.(*ssa.MakeClosure)
	if !ok {
		return worker{}, false
	}
	body, _ := clo.Fn.(*ssa.Function)
	if body == nil {
		return worker{}, false
	}
	fv := -1
	for i, b := range clo.Bindings {
		if lifecycle.Root(b) == mc || b == ssa.Value(mc) || cells[b] {
			fv = i
		}
	}
	if fv < 0 || fv >= len(body.FreeVars) {
		return worker{}, false
	}
	for _, ref := range *clo.Referrers() {
		call, ok := ref.(*ssa.Call)
		if !ok || call.Call.Method == nil && (call.Call.StaticCallee() == nil || call.Call.StaticCallee().Name() != "Go") {
			return worker{}, false
		}
		if call.Call.Method != nil && call.Call.Method.Name() != "Go" {
			return worker{}, false
		}
		return worker{call, body, body.FreeVars[fv]}, true
	}
	return worker{}, false
}

// quitsEarly returns where a worker leaves its receive loop other than
// when the channel is closed: a return or break inside the loop body.
func (ch *checker) quitsEarly(w worker) (token.Pos, bool) {
	su, ok := workerUses(w)
	if !ok {
		return token.NoPos, false
	}
	loops := ch.loopsOf(w.body)
	for _, r := range su.recvs {
		recv, isRecv := r.(*ssa.UnOp)
		if !isRecv || !recv.CommaOk || !loops.inLoop(recv.Block()) {
			continue
		}
		for _, b := range w.body.Blocks {
			if !loops.sameLoop(b, recv.Block()) {
				continue
			}
			for i, s := range b.Succs {
				if loops.sameLoop(s, recv.Block()) || closedExit(b, i) {
					continue
				}
				if at := exitAfter(s, recv.Block(), b.Instrs[len(b.Instrs)-1].Pos()); at.IsValid() {
					return at, true
				}
				return w.start.Pos(), true
			}
		}
	}
	return token.NoPos, false
}

// workerUses is what a worker's body does with the channel: receive only.
func workerUses(w worker) (*chanUses, bool) {
	u := usesIn(w.body, w.ch)
	if len(u.escapes) > 0 || len(u.sends) > 0 || len(u.goes) > 0 || len(u.recvs) == 0 {
		return nil, false
	}
	return &u, true
}

// closedExit reports the edge a range over a channel leaves by when the
// channel is closed: the false branch of the receive's ok.
func closedExit(b *ssa.BasicBlock, succ int) bool {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok || succ != 1 {
		return false
	}
	ex, ok := iff.Cond.(*ssa.Extract)
	if !ok || ex.Index != 1 {
		return false
	}
	recv, ok := ex.Tuple.(*ssa.UnOp)
	return ok && recv.Op == token.ARROW
}
