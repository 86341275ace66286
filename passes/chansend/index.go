package chansend

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/locks"
)

// A pkgIndex is what the package's functions do with channels kept in
// shared places (fields, globals): where they are made, where they are
// received, and whether a receiver keeps receiving from them in a loop.
type pkgIndex struct {
	makes map[string][]*ssa.MakeChan // by place path
	recvs map[string][]placeRecv
	// served: some function of the package receives from it in a loop (a
	// range until close, an event loop's select case): a receiver that
	// keeps coming back for the next value.
	served map[string]bool
	// started: functions the package runs as goroutines, with a go
	// statement or through a Go method (errgroup.Group.Go).
	started map[*ssa.Function]bool
}

// A placeRecv is one receive from a channel in a place.
type placeRecv struct {
	fn    *ssa.Function
	instr ssa.Instruction // the receive, or the select receiving it
	place locks.Place
}

func newIndex() *pkgIndex {
	return &pkgIndex{makes: map[string][]*ssa.MakeChan{}, recvs: map[string][]placeRecv{}, served: map[string]bool{}, started: map[*ssa.Function]bool{}}
}

// indexFunc adds what fn does with channels in places to the index.
func (ch *checker) indexFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ch.index.add(ch, fn, instr)
		}
	}
}

func (ix *pkgIndex) add(ch *checker, fn *ssa.Function, instr ssa.Instruction) {
	switch x := instr.(type) {
	case *ssa.Go:
		if callee := x.Call.StaticCallee(); callee != nil {
			ix.started[callee] = true
		}
	case *ssa.Call:
		if x.Call.IsInvoke() && x.Call.Method.Name() != "Go" {
			return
		}
		if callee := x.Call.StaticCallee(); x.Call.IsInvoke() || (callee != nil && callee.Name() == "Go") {
			for _, a := range x.Call.Args {
				if f := funcValue(a); f != nil {
					ix.started[f] = true
				}
			}
		}
	case *ssa.Store:
		if mc, ok := x.Val.(*ssa.MakeChan); ok {
			if p, ok := locks.PlaceOf(x.Addr); ok {
				ix.makes[p.Path()] = append(ix.makes[p.Path()], mc)
			}
		}
	case *ssa.UnOp:
		if x.Op == token.ARROW && guardedByLen(x) {
			return // a receive that never waits
		}
	}
	for _, c := range receivedChans(instr) {
		if p, ok := locks.PlaceOf(c); ok {
			ix.recvs[p.Path()] = append(ix.recvs[p.Path()], placeRecv{fn, instr, p})
			if ch.loopsOf(fn).inLoop(instr.Block()) {
				ix.served[p.Path()] = true
			}
		}
	}
}

// madeAt returns the one make stored in a place, if the package has
// exactly one.
func (ix *pkgIndex) madeAt(path string) *ssa.MakeChan {
	if ms := ix.makes[path]; len(ms) == 1 {
		return ms[0]
	}
	return nil
}

// funcValue returns the function a value is: a function or a closure of
// one.
func funcValue(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case *ssa.Function:
		return x
	case *ssa.MakeClosure:
		f, _ := x.Fn.(*ssa.Function)
		return f
	}
	return nil
}

// guardedByLen reports a receive that runs only when the channel has a
// value waiting (for len(ch) > 0 { <-ch }): it never waits for a sender.
func guardedByLen(recv *ssa.UnOp) bool {
	cmp, _ := guardingCompare(recv.Block())
	if cmp == nil {
		return false
	}
	want, ok := locks.PlaceOf(recv.X)
	for _, side := range []ssa.Value{cmp.X, cmp.Y} {
		call, isCall := side.(*ssa.Call)
		if !ok || !isCall || len(call.Call.Args) != 1 {
			continue
		}
		if bi, isLen := call.Call.Value.(*ssa.Builtin); isLen && bi.Name() == "len" {
			if p, same := locks.PlaceOf(call.Call.Args[0]); same && p == want {
				return true
			}
		}
	}
	return false
}

// buffered reports whether the package makes the channel of a place, and
// every make gives it a constant capacity of at least one.
func (ix *pkgIndex) buffered(path string) bool {
	ms := ix.makes[path]
	for _, mc := range ms {
		if c, ok := constCap(mc); !ok || c < 1 {
			return false
		}
	}
	return len(ms) > 0
}

// guardingCompare returns the comparison whose If alone leads to b, and whether b is
// its true branch; nil when b has several predecessors or another test.
func guardingCompare(b *ssa.BasicBlock) (*ssa.BinOp, bool) {
	if len(b.Preds) != 1 {
		return nil, false
	}
	pred := b.Preds[0]
	iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return nil, false
	}
	return cmp, pred.Succs[0] == b
}
