package chansend

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/locks"
)

// A lockedRecv is a receiver that must take a mutex before it gets to a
// receive: a sender holding that mutex while it sends waits for a receiver
// that waits for the sender.
type lockedRecv struct {
	recv  placeRecv
	lock  ssa.Instruction
	mutex locks.Place
	mode  locks.Mode
}

// lockedReceivers returns the receivers of a channel place that lock a
// mutex of the same owner (or a global one) on a path to the receive.
func (ch *checker) lockedReceivers(path string) []lockedRecv {
	if got, ok := ch.locked[path]; ok {
		return got
	}
	var out []lockedRecv
	for _, r := range ch.index.recvs[path] {
		for _, op := range ch.lockOps(r.fn) {
			if !sameOwner(op.Mutex, r.place) || !ch.precedes(op.instr, r.instr) {
				continue
			}
			out = append(out, lockedRecv{recv: r, lock: op.instr, mutex: op.Mutex, mode: op.Mode})
		}
	}
	ch.locked[path] = out
	return out
}

type lockOp struct {
	locks.Op
	instr ssa.Instruction
}

// lockOps returns the Lock and RLock calls of fn.
func (ch *checker) lockOps(fn *ssa.Function) []lockOp {
	if got, ok := ch.lockCalls[fn]; ok {
		return got
	}
	var out []lockOp
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if op, ok := locks.OpOf(&call.Call); ok && !op.Release {
				out = append(out, lockOp{op, call})
			}
		}
	}
	ch.lockCalls[fn] = out
	return out
}

// sameOwner reports whether a mutex guards the value a channel place
// belongs to: both are fields of one base, or the mutex is a global.
func sameOwner(mutex, channel locks.Place) bool {
	_, global := mutex.Base.(*ssa.Global)
	return global || mutex.Base == channel.Base
}

// precedes reports whether a runs before b on some path: earlier in the
// same block, or in a block that leads to b's (around a loop, too).
func (ch *checker) precedes(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		for _, instr := range a.Block().Instrs {
			if instr == a {
				return true
			}
			if instr == b {
				return ch.loopsOf(a.Parent()).inLoop(a.Block())
			}
		}
	}
	return ch.reachable(a.Block())[b.Block().Index]
}

// reachable returns the blocks a path of one or more edges leads to from
// b, computed once per block.
func (ch *checker) reachable(b *ssa.BasicBlock) []bool {
	if r, ok := ch.reach[b]; ok {
		return r
	}
	r := make([]bool, len(b.Parent().Blocks))
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range x.Succs {
			if !r[s.Index] {
				r[s.Index] = true
				work = append(work, s)
			}
		}
	}
	ch.reach[b] = r
	return r
}

// checkSendUnderLock reports a send on a channel in a shared place while
// fn holds a mutex that another function locks before it receives from
// that channel.
func (ch *checker) checkSendUnderLock(fn *ssa.Function, send *ssa.Send, held func() *locks.Held) {
	place, ok := locks.PlaceOf(send.Chan)
	if !ok || ch.oneShot(send, place) {
		return
	}
	receivers := ch.lockedReceivers(place.Path())
	if len(receivers) == 0 {
		return
	}
	for m, mode := range held().At(send) {
		if !sameOwner(m, place) {
			continue
		}
		for _, r := range receivers {
			if r.recv.fn == fn || tokenRefill(fn, place) || r.mutex.Path() != m.Path() || (mode != locks.Write && r.mode != locks.Write) {
				continue
			}
			mutex := ch.placeName(send, place, m)
			why := fmt.Sprintf("%s locks %s at %s before it receives at %s",
				funcName(r.recv.fn), mutex, ch.src.Where(r.lock.Pos()), ch.src.Where(r.recv.instr.Pos()))
			ch.report(send, ch.index.madeAt(place.Path()), " while holding "+mutex, why, "unlock "+mutex+" before sending", nil)
			return
		}
	}
}

// placeName writes a mutex the way the send writes its channel: h.mu
// beside h.events.
func (ch *checker) placeName(send *ssa.Send, channel, mutex locks.Place) string {
	if _, global := mutex.Base.(*ssa.Global); global {
		return mutex.Field
	}
	name := ch.chanName(send)
	if base, ok := strings.CutSuffix(name, "."+channel.Field); ok {
		return base + "." + mutex.Field
	}
	return mutex.Field
}

// funcName names a function as a reader finds it: (*hub).run, or the
// function literal in (*hub).start.
func funcName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the function literal in " + funcName(fn.Parent())
	}
	if fn.Pkg != nil {
		return fn.RelString(fn.Pkg.Pkg)
	}
	return fn.Name()
}

// tokenRefill reports whether fn itself receives from the channel it
// sends on: a channel used as a lock or a token pool, refilled after it
// was taken (mem := <-wc.memMu; ...; wc.memMu <- mem).
func tokenRefill(fn *ssa.Function, place locks.Place) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, c := range receivedChans(instr) {
				if p, ok := locks.PlaceOf(c); ok && p == place {
					return true
				}
			}
		}
	}
	return false
}
