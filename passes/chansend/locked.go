package chansend

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/locks"
	"github.com/leaklint/leaklint/internal/report"
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
	// One walk per lock call finds every receive it leads to.
	byFn := make(map[*ssa.Function]map[ssa.Instruction][]placeRecv)
	var fns []*ssa.Function
	for _, r := range ch.index.recvs[path] {
		if byFn[r.fn] == nil {
			byFn[r.fn] = make(map[ssa.Instruction][]placeRecv)
			fns = append(fns, r.fn)
		}
		byFn[r.fn][r.instr] = append(byFn[r.fn][r.instr], r)
	}
	var out []lockedRecv
	for _, fn := range fns {
		ops := ch.lockOps(fn)
		if len(ops) == 0 {
			continue
		}
		targets := make(map[ssa.Instruction]bool)
		for instr := range byFn[fn] {
			targets[instr] = true
		}
		flow := lifecycle.NewFlow(fn)
		for _, op := range ops {
			for _, reached := range flow.Reached(op.instr, nil, targets, nil) {
				for _, r := range byFn[fn][reached] {
					if sameOwner(op.Mutex, r.place) {
						out = append(out, lockedRecv{recv: r, lock: op.instr, mutex: op.Mutex, mode: op.Mode})
					}
				}
			}
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

// checkSendUnderLock reports a send on a channel in a shared place while
// fn holds a mutex that another function locks before it receives from
// that channel.
func (ch *checker) checkSendUnderLock(fn *ssa.Function, f *sendFacts, send *ssa.Send, held func() *locks.Held) {
	place, ok := locks.PlaceOf(send.Chan)
	// fn taking from the channel itself makes it a token or a lock,
	// refilled after it was taken (mem := <-wc.memMu; ...; wc.memMu <- mem).
	if !ok || ch.oneShot(f, send, place) || f.received[place] {
		return
	}
	receivers := ch.lockedReceivers(place.Path())
	if len(receivers) == 0 {
		return
	}
	set := held().At(send)
	// In the order of their paths: the message names the same mutex on
	// every run (a baseline matches findings by their text).
	for _, m := range slices.SortedFunc(maps.Keys(set), func(a, b locks.Place) int { return strings.Compare(a.Path(), b.Path()) }) {
		mode := set[m]
		if !sameOwner(m, place) {
			continue
		}
		for _, r := range receivers {
			if r.recv.fn == fn || r.mutex.Path() != m.Path() || (mode != locks.Write && r.mode != locks.Write) {
				continue
			}
			mutex := ch.placeName(send, place, m)
			why := fmt.Sprintf("%s locks %s at %s before it receives at %s",
				report.FuncName(r.recv.fn), mutex, ch.src.Where(r.lock.Pos()), ch.src.Where(r.recv.instr.Pos()))
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
