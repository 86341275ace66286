package chansend

import (
	"fmt"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// checkQuittingConsumer reports a sender goroutine that sends more values
// than the channel has room for and closes it when done, while the
// function, which receives until it sees the close, has a path that stops
// receiving and returns first: the sender then blocks on its next send.
func (ch *checker) checkQuittingConsumer(fn *ssa.Function, flow *lifecycle.Flow, mc *ssa.MakeChan, u *chanUses, s sender, su *chanUses) {
	capacity, _ := constCap(mc)
	if !su.closed || repeatsWithout(s.start.Block(), mc.Block()) {
		return // no end of the values to wait for, or several senders
	}
	looping := loopingSend(su.sends)
	if looping == nil && int64(len(su.sends)) <= capacity {
		return // room for every value
	}
	oks := closedTests(fn, mc, u)
	if len(oks) == 0 {
		return // the function counts its receives, or does not loop: not followed
	}
	r := &lifecycle.Resource{Acquire: s.start, Kills: closeKills(u), Edges: make(map[lifecycle.Edge]bool)}
	for _, ok := range oks {
		r.AddFalseEdges(ok)
	}
	leaks := flow.Leaks(r)
	if len(leaks) == 0 {
		return
	}
	send := looping
	if send == nil {
		send = su.sends[len(su.sends)-1]
	}
	why := fmt.Sprintf("the goroutine started at %s sends until it closes the channel, but the function returns at %s without receiving the rest",
		ch.src.Where(s.start.Pos()), ch.src.Where(report.LeakPos(fn, leaks[0])))
	if ctx := contextInScope(s.body); ctx != "" {
		advice, fix := ch.selectAdvice(send, ctx+".Done()")
		ch.report(send, mc, "", why, advice, fix)
		return
	}
	ch.report(send, mc, "", why, "drain the channel before returning, or give the sender a stop signal", nil)
}

// loopingSend returns a send that can repeat, or nil.
func loopingSend(sends []*ssa.Send) *ssa.Send {
	for _, s := range sends {
		if inLoop(s.Block()) {
			return s
		}
	}
	return nil
}

// closedTests returns the second results of the function's comma-ok
// receives on the channel (a range over it, v, ok := <-ch, a select case
// v, ok := <-ch): false means every value sent has been received.
func closedTests(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses) []ssa.Value {
	var oks []ssa.Value
	for _, r := range u.recvs {
		recv, isRecv := r.(*ssa.UnOp)
		if !isRecv || !recv.CommaOk {
			continue
		}
		for _, ref := range *recv.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 {
				oks = append(oks, ex)
			}
		}
	}
	for _, sel := range u.selects {
		for _, ref := range *sel.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 && testedInCase(sel, ex, mc) {
				oks = append(oks, ex)
			}
		}
	}
	return oks
}

// testedInCase reports whether a select's received-ok flag is tested in
// the case that receives from the channel (and not in another case's).
func testedInCase(sel *ssa.Select, ok *ssa.Extract, mc *ssa.MakeChan) bool {
	for i, st := range sel.States {
		if lifecycle.Root(st.Chan) != mc && !isLoadOf(st.Chan, mc) {
			continue
		}
		start := caseStart(sel, i)
		if start == nil {
			return false
		}
		for _, ref := range *ok.Referrers() {
			if iff, isIf := ref.(*ssa.If); isIf && start.Block().Dominates(iff.Block()) {
				return true
			}
		}
	}
	return false
}

// isLoadOf reports whether v reads a variable the channel was stored in.
func isLoadOf(v ssa.Value, mc *ssa.MakeChan) bool {
	for _, ref := range *mc.Referrers() {
		if st, ok := ref.(*ssa.Store); ok {
			if ld, ok := v.(*ssa.UnOp); ok && ld.X == st.Addr {
				return true
			}
		}
	}
	return false
}

// closeKills: the function closing the channel itself ends the sender (it
// panics rather than blocks).
func closeKills(u *chanUses) []ssa.Instruction { return u.closes }
