package chansend

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// Pending marks a function that returns a channel with a value in flight
// (func Go(f func() error) chan error): it makes the channel unbuffered,
// starts a goroutine that sends on it once, and does not receive from it.
// A caller that returns on some path without receiving leaves that
// goroutine blocked. It crosses packages as a fact.
type Pending struct {
	Results uint64 // bit j: result j is such a channel
	Send    string // the goroutine's send, file:line
	// Fields: the channels with a value in flight that results hold in a
	// field of a struct the function made (see storedInFlight).
	Fields []PendingField
}

// AFact marks Pending as an analysis fact.
func (*Pending) AFact() {}

func (p *Pending) String() string { return fmt.Sprintf("pending %b at %s", p.Results, p.Send) }

// pendingAnalyzer computes the Pending facts of every package, the
// dependencies' included; chansend itself runs on the packages named.
var pendingAnalyzer = &analysis.Analyzer{
	Name:       "leaklintpending",
	Doc:        "computes which functions return a channel with a value in flight (internal; reports nothing)",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(Pending), new(ParamStops), new(ParamRecvs)},
	ResultType: reflect.TypeFor[*pendingTable](),
	Run:        runPending,
}

// A pendingTable gives the Pending summary of any function a package
// calls: computed for its own, read from facts for the others.
type pendingTable struct {
	pass  *analysis.Pass
	src   *report.Source
	funcs map[*ssa.Function]*Pending
}

func runPending(pass *analysis.Pass) (any, error) {
	t := &pendingTable{pass: pass, src: report.New(pass), funcs: make(map[*ssa.Function]*Pending)}
	stops := &checker{pass: pass, src: t.src, loops: make(map[*ssa.Function]*cycles)}
	for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg || !obj.Exported() {
			continue
		}
		safely(fn, func(fn *ssa.Function) {
			if p := t.of(fn); p != nil {
				pass.ExportObjectFact(obj, p)
			}
			stops.exportParamStops(fn, obj)
			stops.exportParamRecvs(fn, obj)
		})
	}
	return t, nil
}

// of returns the Pending summary of a function of the package, or nil.
func (t *pendingTable) of(fn *ssa.Function) *Pending {
	if p, ok := t.funcs[fn]; ok {
		return p
	}
	t.funcs[fn] = nil
	var p *Pending
	for j, mc := range returnedChans(fn) {
		if send := inFlight(fn, mc); send != nil {
			if p == nil {
				p = &Pending{Send: t.src.Where(send.Pos())}
			}
			p.Results |= 1 << j
		}
	}
	if fields, send := storedInFlight(fn); len(fields) > 0 {
		if p == nil {
			p = &Pending{Send: t.src.Where(send.Pos())}
		}
		p.Fields = fields
	}
	t.funcs[fn] = p
	return p
}

// forCall returns the Pending summary of a call's callee, or nil.
func (t *pendingTable) forCall(call *ssa.Call) *Pending {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return nil
	}
	if callee.Pkg != nil && callee.Pkg.Pkg == t.pass.Pkg && callee.Blocks != nil {
		return t.of(callee)
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return nil
	}
	var p Pending
	if t.pass.ImportObjectFact(obj.Origin(), &p) {
		return &p
	}
	return nil
}

// returnedChans returns, for each result of fn, the unbuffered channel
// made in fn that every return gives there (or nil, on an error path),
// or nil.
func returnedChans(fn *ssa.Function) []*ssa.MakeChan {
	res := fn.Signature.Results()
	if res.Len() == 0 || res.Len() > 64 || !hasChan(res) {
		return nil
	}
	out := make([]*ssa.MakeChan, res.Len())
	seen := make([]bool, res.Len())
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for j, v := range ret.Results {
			if c, isConst := v.(*ssa.Const); isConst && c.IsNil() {
				continue // no channel on this path (an error return)
			}
			mc := madeChan(v)
			if mc != nil && !unbuffered(mc) {
				mc = nil
			}
			if seen[j] && out[j] != mc {
				mc = nil
			}
			out[j], seen[j] = mc, true
		}
	}
	return out
}

func hasChan(res *types.Tuple) bool {
	for v := range res.Variables() {
		if _, ok := v.Type().Underlying().(*types.Chan); ok {
			return true
		}
	}
	return false
}

// madeChan returns the make a value is (see heldValue).
func madeChan(v ssa.Value) *ssa.MakeChan {
	mc, _ := heldValue(v).(*ssa.MakeChan)
	return mc
}

// heldValue returns what a value is, directly or loaded from the one
// variable holding it (a value a closure captures lives in one).
func heldValue(v ssa.Value) ssa.Value {
	v = lifecycle.Root(v)
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if cell, ok := load.X.(*ssa.Alloc); ok {
			if vs := lifecycle.StoredValues(cell); len(vs) == 1 {
				return lifecycle.Root(vs[0])
			}
		}
	}
	return v
}

func unbuffered(mc *ssa.MakeChan) bool {
	c, known := constCap(mc)
	return known && c == 0
}

// inFlight returns the send of the one goroutine fn starts on a channel
// it returns without receiving from it, or nil.
func inFlight(fn *ssa.Function, mc *ssa.MakeChan) *ssa.Send {
	if mc == nil {
		return nil
	}
	var u chanUses
	usesOf(fn, mc, &u)
	if len(u.goes) != 1 || len(u.sends) > 0 || len(u.recvs) > 0 || len(u.cases) > 0 || u.closed {
		return nil
	}
	for _, e := range u.escapes {
		if _, isRet := e.(*ssa.Return); !isRet {
			return nil
		}
	}
	su, ok := senderUses(u.goes[0])
	if !ok || len(su.sends) == 0 || su.closed || loopingSend(findCycles(u.goes[0].body), su.sends) != nil || !exclusive(su.sends) {
		return nil
	}
	return firstSend(u.goes[0].body, su.sends)
}

// checkPendingCalls reports the calls of fn that get a channel with a
// value in flight and leave it unreceived on some path.
func (ch *checker) checkPendingCalls(fn *ssa.Function) {
	var flow *lifecycle.Flow
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			p := ch.pending.forCall(call)
			if p == nil {
				continue
			}
			if flow == nil {
				flow = lifecycle.NewFlow(fn)
			}
			for j := range call.Call.Signature().Results().Len() {
				if v := lifecycle.ResultValue(call, j); v != nil && p.Results&(1<<j) != 0 {
					var u chanUses
					usesOf(fn, v, &u)
					ch.checkPendingResult(fn, flow, call, &u, p, "a channel")
				}
			}
			for _, f := range p.Fields {
				if v := lifecycle.ResultValue(call, f.Result); v != nil {
					if u, ok := fieldUses(fn, v, f.Field); ok {
						ch.checkPendingResult(fn, flow, call, &u, p, "a value whose "+f.Name+" is a channel")
					}
				}
			}
		}
	}
}

// checkPendingResult reports a call whose channel with a value in flight
// (what: the result itself, or a field of it) some path leaves unreceived;
// u is what fn does with that channel.
func (ch *checker) checkPendingResult(fn *ssa.Function, flow *lifecycle.Flow, call *ssa.Call, u *chanUses, p *Pending, what string) {
	if len(u.escapes) > 0 || len(u.goes) > 0 || u.closed {
		return // handed on: its new owner receives, or not
	}
	callee := call.Call.StaticCallee()
	if len(u.recvs) == 0 {
		ch.reportCall(call, fmt.Sprintf("%s returns %s with a value in flight (its goroutine sends at %s), and nothing here receives from it", callee.Name(), what, p.Send))
		return
	}
	r := &lifecycle.Resource{Acquire: call, Kills: u.recvs, Edges: make(map[lifecycle.Edge]bool)}
	if err := lifecycle.ErrorResult(call); err != nil {
		r.AddNonNilEdges(err) // no channel came with an error
	}
	leaks := flow.Leaks(r)
	if len(leaks) == 0 {
		return
	}
	ch.reportCall(call, fmt.Sprintf("%s returns %s with a value in flight (its goroutine sends at %s), and the function returns at %s without receiving it",
		callee.Name(), what, p.Send, ch.src.Where(report.LeakPos(fn, leaks[0]))))
}

// reportCall reports, at the call that got it, a channel whose value is
// never received on some path.
func (ch *checker) reportCall(call *ssa.Call, why string) {
	ch.out.Report(analysis.Diagnostic{
		Pos: call.Pos(),
		Message: "chansend: a send can block forever: " + why +
			"; receive from it on every path, or have the function make the channel with room for the value",
	})
}
