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
	looping := loopingSend(ch.loopsOf(s.body), su.sends)
	if looping == nil && int64(len(su.sends)) <= capacity {
		return // room for every value
	}
	oks := closedTests(u)
	if len(oks) == 0 {
		return // the function counts its receives, or does not loop: not followed
	}
	if drains(u) {
		return // the function drains the channel somewhere: its early exits lead there
	}
	r := &lifecycle.Resource{Acquire: s.start, Kills: u.closes, Edges: make(map[lifecycle.Edge]bool)}
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
func loopingSend(loops *cycles, sends []*ssa.Send) *ssa.Send {
	for _, s := range sends {
		if loops.inLoop(s.Block()) {
			return s
		}
	}
	return nil
}

// closedTests returns the second results of the function's comma-ok
// receives on the channel (a range over it, v, ok := <-ch, a select case
// v, ok := <-ch): false means every value sent has been received. The
// function closing the channel itself (u.closes, the walk's kills) ends
// the sender too: its next send panics rather than blocks.
func closedTests(u *chanUses) []ssa.Value {
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
	for _, c := range u.cases {
		for _, ref := range *c.sel.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 && testedInCase(c, ex) {
				oks = append(oks, ex)
			}
		}
	}
	return oks
}

// testedInCase reports whether a select's received-ok flag is tested in
// the case that receives from the channel (and not in another case's).
func testedInCase(c selectCase, ok *ssa.Extract) bool {
	start := caseStart(c.sel, c.index)
	if start == nil {
		return false
	}
	for _, ref := range *ok.Referrers() {
		if iff, isIf := ref.(*ssa.If); isIf && start.Block().Dominates(iff.Block()) {
			return true
		}
	}
	return false
}

// drains reports a loop that only receives from the channel until it is
// closed (for range ch {}): written for the paths that stop reading
// early. Which early exit leads to it is decided by values the analysis
// does not follow (an error set before the break, tested after the loop),
// so a function that has one is trusted to use it.
func drains(u *chanUses) bool {
	for _, r := range u.recvs {
		recv, ok := r.(*ssa.UnOp)
		if !ok || !recv.CommaOk {
			continue
		}
		b := recv.Block()
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		okFlag, isExtract := iff.Cond.(*ssa.Extract)
		if !isExtract || okFlag.Tuple != recv || okFlag.Index != 1 {
			continue
		}
		body := b.Succs[0] // the loop itself when the body is empty
		if body == b || len(body.Instrs) == 1 && len(body.Succs) == 1 && body.Succs[0] == b {
			return true
		}
	}
	return false
}
