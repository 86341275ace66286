package chansend

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// A function that starts a goroutine sending one value and hands the
// channel to a callee that waits for it (return waitFor(ctx, errCh))
// depends on that callee: if it receives on every path, the value is
// taken; if some path of it returns without receiving (its select took
// ctx.Done() or a timer), the goroutine blocks forever. Callees that
// only receive from the channel are summarized for that, in the package
// and, through the ParamRecvs fact, across packages.

// ParamRecvs is a fact about an exported function that only receives,
// outside any loop, from some of its channel parameters.
type ParamRecvs struct{ Params []ParamRecv }

// AFact marks ParamRecvs as an analysis fact.
func (*ParamRecvs) AFact() {}

func (r *ParamRecvs) String() string { return fmt.Sprintf("receives %v", r.Params) }

// A ParamRecv is what a function does with channel parameter Index: it
// receives once on every path (Always), or it may return without
// receiving, at Skip (file:line).
type ParamRecv struct {
	Index  int
	Always bool
	Skip   string
}

// A maybeRecv is a call whose callee may return without receiving.
type maybeRecv struct {
	call *ssa.Call
	skip string
}

// paramRecv summarizes fn's use of its parameter i, when fn only
// receives from it, once (no loop), and does nothing else with it.
func (ch *checker) paramRecv(fn *ssa.Function, i int) (ParamRecv, bool) {
	if i >= len(fn.Params) {
		return ParamRecv{}, false
	}
	u := usesIn(fn, fn.Params[i])
	if len(u.recvs) == 0 || len(u.escapes) > 0 || len(u.sends) > 0 || len(u.goes) > 0 || len(u.closes) > 0 || u.closed {
		return ParamRecv{}, false
	}
	loops := ch.loopsOf(fn)
	recvAt := map[*ssa.BasicBlock]bool{}
	for _, r := range u.recvs {
		if loops.inLoop(r.Block()) {
			return ParamRecv{}, false // a drain or a retry: not one receive
		}
		recvAt[r.Block()] = true
	}
	if ret := returnAvoiding(fn, recvAt); ret != nil {
		return ParamRecv{Index: i, Skip: ch.src.Where(ret.Pos())}, true
	}
	return ParamRecv{Index: i, Always: true}, true
}

// returnAvoiding returns a return of fn reached from its entry without
// passing any of the blocks in avoid, or nil.
func returnAvoiding(fn *ssa.Function, avoid map[*ssa.BasicBlock]bool) *ssa.Return {
	if len(fn.Blocks) == 0 || avoid[fn.Blocks[0]] {
		return nil
	}
	seen := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	for work := []*ssa.BasicBlock{fn.Blocks[0]}; len(work) > 0; {
		b := work[0]
		work = work[1:]
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return ret
		}
		for _, s := range b.Succs {
			if !seen[s] && !avoid[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return nil
}

// exportParamRecvs records, for other packages, fn's channel parameters
// it only receives from.
func (ch *checker) exportParamRecvs(fn *ssa.Function, obj *types.Func) {
	var recvs ParamRecvs
	for i, p := range fn.Params {
		if c, ok := p.Type().Underlying().(*types.Chan); !ok || c.Dir() == types.SendOnly {
			continue
		}
		if r, ok := ch.paramRecv(fn, i); ok {
			recvs.Params = append(recvs.Params, r)
		}
	}
	if len(recvs.Params) > 0 {
		ch.pass.ExportObjectFact(obj, &recvs)
	}
}

// receivingCalls takes out of u's escapes the calls that hand the channel
// to a callee that only receives from it: one receiving on every path is
// a receive; one that may not is recorded in u.maybe.
func (ch *checker) receivingCalls(v ssa.Value, u *chanUses) {
	u.escapes = slices.DeleteFunc(u.escapes, func(e ssa.Instruction) bool {
		call, ok := e.(*ssa.Call)
		if !ok {
			return false
		}
		r, ok := ch.calleeRecv(call, v, u)
		switch {
		case !ok:
			return false
		case r.Always:
			u.recvs = append(u.recvs, call)
			u.recvBlocks = append(u.recvBlocks, call.Block())
		default:
			u.maybe = append(u.maybe, maybeRecv{call, r.Skip})
		}
		return true
	})
}

// calleeRecv summarizes what a call's static callee does with the
// channel v it is given (once): from its code in this package, from its
// fact otherwise.
func (ch *checker) calleeRecv(call *ssa.Call, v ssa.Value, u *chanUses) (ParamRecv, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || call.Call.IsInvoke() {
		return ParamRecv{}, false
	}
	index := -1
	for i, a := range call.Call.Args {
		if isChanValue(a, v, u) {
			if index >= 0 {
				return ParamRecv{}, false // given twice
			}
			index = i
		}
	}
	if index < 0 {
		return ParamRecv{}, false
	}
	if callee.Blocks != nil {
		if callee.Pkg != nil && callee.Pkg.Pkg == ch.pass.Pkg {
			return ch.paramRecv(callee, index)
		}
		return ParamRecv{}, false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return ParamRecv{}, false
	}
	var recvs ParamRecvs
	if !ch.pending.pass.ImportObjectFact(obj.Origin(), &recvs) { // the fact analyzer's
		return ParamRecv{}, false
	}
	for _, r := range recvs.Params {
		if r.Index == index {
			return r, true
		}
	}
	return ParamRecv{}, false
}

// isChanValue reports whether a is the channel v: itself, converted, or
// loaded from a variable holding it.
func isChanValue(a, v ssa.Value, u *chanUses) bool {
	if a == v || lifecycle.Root(a) == v {
		return true
	}
	load, ok := lifecycle.Root(a).(*ssa.UnOp)
	return ok && load.Op == token.MUL && u.cells[load.X]
}

// calleeName is a callee's name as the package analysed writes it.
func (ch *checker) calleeName(fn *ssa.Function) string {
	if fn.Pkg != nil && fn.Pkg.Pkg != ch.pass.Pkg {
		return qualifiedName(fn)
	}
	return report.FuncName(fn)
}
