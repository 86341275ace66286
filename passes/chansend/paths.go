package chansend

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// A goroutine's sends are counted per path, not per statement: two sends
// in exclusive branches (an error and a result), or a send in a deferred
// recover that runs only when the body panicked before its own send, are
// one value per run, and the caller must receive it on every path.

// deferUse records a deferred closure that has the channel as its free
// variable i: its sends are the goroutine's too, run as it ends. Anything
// else it does with the channel is an escape.
func (u *chanUses) deferUse(fn *ssa.Function, i int, d *ssa.Defer) {
	du := usesIn(fn, fn.FreeVars[i])
	if len(du.escapes) > 0 || len(du.recvs) > 0 || len(du.goes) > 0 || len(du.cases) > 0 || len(du.sends) == 0 {
		u.escapes = append(u.escapes, d)
		return
	}
	u.sends = append(u.sends, du.sends...)
	u.closes = append(u.closes, du.closes...)
	u.closed = u.closed || du.closed
}

// exclusive reports whether at most one of the sends runs on any path:
// none can run after another in its function, and a deferred one runs
// only after a panic, which skipped the body's.
func exclusive(sends []*ssa.Send) bool {
	for i, a := range sends {
		for _, b := range sends[i+1:] {
			if a.Parent() != b.Parent() {
				if !panicOnly(a) && !panicOnly(b) {
					return false
				}
				continue
			}
			if follows(a, b) || follows(b, a) {
				return false
			}
		}
	}
	return true
}

// follows reports whether b can run after a in their function.
func follows(a, b *ssa.Send) bool {
	if a.Block() == b.Block() {
		return slices.Index(a.Block().Instrs, ssa.Instruction(a)) < slices.Index(a.Block().Instrs, ssa.Instruction(b)) ||
			reachesAvoiding(a.Block(), a.Block(), nil)
	}
	return reachesAvoiding(a.Block(), b.Block(), nil)
}

// panicOnly reports a send that runs only when recover() returned
// something: a deferred recover reporting the panic.
func panicOnly(send *ssa.Send) bool {
	b := send.Block()
	for depth := 0; b != nil && depth < 4; depth, b = depth+1, b.Idom() {
		cmp, _ := guardingCompare(b)
		if cmp == nil {
			continue
		}
		for _, side := range []ssa.Value{cmp.X, cmp.Y} {
			if call, ok := side.(*ssa.Call); ok {
				if bi, ok := call.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
					return true
				}
			}
		}
	}
	return false
}

// firstSend is the send of the body written first: where the finding goes.
func firstSend(body *ssa.Function, sends []*ssa.Send) *ssa.Send {
	first := sends[0]
	for _, s := range sends[1:] {
		if s.Parent() == body && (first.Parent() != body || s.Pos() < first.Pos()) {
			first = s
		}
	}
	return first
}

// siblingReceives returns the receives of the other channels made in fn
// that only the same goroutine sends on, when its sends on all of them
// are exclusive: a result channel and an error channel, of which each run
// uses one. Receiving either means the goroutine has sent its value;
// not when it closes one of them, since the receive may then get the
// close while the value waits on the other.
func (ch *checker) siblingReceives(fn *ssa.Function, mc *ssa.MakeChan, s sender, su *chanUses) []ssa.Instruction {
	if su.closed {
		return nil // a receive may get the close, not the value
	}
	var recvs []ssa.Instruction
	sends := slices.Clone(su.sends)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			other, ok := instr.(*ssa.MakeChan)
			if !ok || other == mc {
				continue
			}
			var ou chanUses
			usesOf(fn, other, &ou)
			if len(ou.escapes) > 0 || len(ou.sends) > 0 || len(ou.goes) != 1 || ou.goes[0].start != s.start {
				continue
			}
			osu, ok := senderUses(ou.goes[0])
			if !ok || len(osu.sends) == 0 || osu.closed || !exclusive(append(slices.Clone(sends), osu.sends...)) {
				continue
			}
			sends = append(sends, osu.sends...)
			recvs = append(recvs, ou.recvs...)
		}
	}
	return recvs
}

// loopLeaks splits leaks into those at a return and whether the go
// statement can run again while its previous goroutine's value is not
// received: several senders in flight.
func loopLeaks(leaks []lifecycle.Leak) ([]lifecycle.Leak, bool) {
	var atReturn []lifecycle.Leak
	again := false
	for _, l := range leaks {
		if l.Loop {
			again = true
		} else {
			atReturn = append(atReturn, l)
		}
	}
	return atReturn, again
}
