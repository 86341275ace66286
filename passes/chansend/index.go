package chansend

import (
	"go/token"
	"go/types"
	"slices"

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
	// stops: where the receive loops of a place can stop on a signal;
	// keeps: a place also received somewhere else (a loop that never
	// stops, a receive outside a loop); closed: a place the package closes.
	stops  map[string][]stop
	keeps  map[string]bool
	closed map[string]bool
	// perRequest: places made in a value that is then sent on a channel
	// (a request carrying its reply channel): one channel per request.
	perRequest map[string]bool
	// calledInLoop: functions some call in a loop of the package runs.
	calledInLoop map[*ssa.Function]bool
	// aliases: places that hold a channel loaded from another place,
	// directly (sub.cancelCh = p.cancelCh) or through a parameter a
	// constructor stores (NewCluster(..., s.checkCh) keeping it in
	// c.checkCh): place path → the paths it copies.
	aliases map[string][]string
	// paramStores: the places each function stores its parameters in;
	// passedPlaces: the places whose channel a call passes as argument i.
	paramStores  map[*ssa.Function]map[int][]string
	passedPlaces []passedPlace
}

// A passedPlace is a channel loaded from a place and passed to a callee.
type passedPlace struct {
	callee *ssa.Function
	arg    int
	path   string
}

// A placeRecv is one receive from a channel in a place.
type placeRecv struct {
	fn    *ssa.Function
	instr ssa.Instruction // the receive, or the select receiving it
	place locks.Place
}

func newIndex() *pkgIndex {
	return &pkgIndex{makes: map[string][]*ssa.MakeChan{}, recvs: map[string][]placeRecv{}, served: map[string]bool{}, started: map[*ssa.Function]bool{},
		stops: map[string][]stop{}, keeps: map[string]bool{}, closed: map[string]bool{}, perRequest: map[string]bool{},
		calledInLoop: map[*ssa.Function]bool{}, aliases: map[string][]string{}, paramStores: map[*ssa.Function]map[int][]string{}}
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
		callee := x.Call.StaticCallee()
		if callee != nil && ch.loopsOf(fn).inLoop(x.Block()) {
			ix.calledInLoop[callee] = true
		}
		if callee != nil {
			ix.addPassed(callee, x.Call.Args)
		}
		if bi, ok := x.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" {
			if p, ok := locks.PlaceOf(x.Call.Args[0]); ok {
				ix.closed[p.Path()] = true
			}
			return
		}
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
		ix.addCopy(fn, x)
		if mc, ok := x.Val.(*ssa.MakeChan); ok {
			if p, ok := locks.PlaceOf(x.Addr); ok {
				ix.makes[p.Path()] = append(ix.makes[p.Path()], mc)
				if sentOnChannel(p.Base) {
					ix.perRequest[p.Path()] = true
				}
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
			if s, ok := ch.stopOf(fn, instr, p); ok {
				ix.stops[p.Path()] = append(ix.stops[p.Path()], s)
			} else {
				ix.keeps[p.Path()] = true
			}
		}
	}
}

// addCopy records a store of a channel into a place from another place or
// from a parameter of fn.
func (ix *pkgIndex) addCopy(fn *ssa.Function, st *ssa.Store) {
	if _, isChan := st.Val.Type().Underlying().(*types.Chan); !isChan {
		return
	}
	to, ok := locks.PlaceOf(st.Addr)
	if !ok || to.Field == "" {
		return
	}
	val := st.Val
	if ct, ok := val.(*ssa.ChangeType); ok { // chan T to chan<- T
		val = ct.X
	}
	if from, ok := locks.PlaceOf(val); ok && from.Path() != to.Path() {
		ix.aliases[to.Path()] = append(ix.aliases[to.Path()], from.Path())
		return
	}
	if p, ok := val.(*ssa.Parameter); ok {
		i := slices.Index(fn.Params, p)
		if ix.paramStores[fn] == nil {
			ix.paramStores[fn] = map[int][]string{}
		}
		ix.paramStores[fn][i] = append(ix.paramStores[fn][i], to.Path())
	}
}

// addPassed records channels loaded from places and passed to callee.
func (ix *pkgIndex) addPassed(callee *ssa.Function, args []ssa.Value) {
	for i, a := range args {
		if _, isChan := a.Type().Underlying().(*types.Chan); !isChan {
			continue
		}
		if from, ok := locks.PlaceOf(a); ok {
			ix.passedPlaces = append(ix.passedPlaces, passedPlace{callee, i, from.Path()})
		}
	}
}

// resolveAliases turns the parameters constructors store into aliases of
// the places their callers pass; called once the package is indexed.
func (ix *pkgIndex) resolveAliases() {
	for _, pp := range ix.passedPlaces {
		for _, to := range ix.paramStores[pp.callee][pp.arg] {
			if to != pp.path {
				ix.aliases[to] = append(ix.aliases[to], pp.path)
			}
		}
	}
}

// stopsOf returns where the receivers of a place's channel can stop, and
// whether they all can: its own receivers, or, for a place that copies
// the channel of other places and has none, theirs.
func (ix *pkgIndex) stopsOf(path string) ([]stop, bool) {
	if len(ix.recvs[path]) > 0 || len(ix.aliases[path]) == 0 {
		return ix.stops[path], len(ix.stops[path]) > 0 && !ix.blocked(path)
	}
	var all []stop
	for _, from := range ix.aliases[path] {
		if len(ix.stops[from]) == 0 || ix.blocked(from) {
			return nil, false
		}
		all = append(all, ix.stops[from]...)
	}
	return all, !ix.blocked(path)
}

// blocked reports a place the stopping-receiver check leaves alone: also
// received where nothing stops, closed, or one channel per request.
func (ix *pkgIndex) blocked(path string) bool {
	return ix.keeps[path] || ix.closed[path] || ix.perRequest[path]
}

// sentOnChannel reports a value sent on a channel, by a send statement or
// a select's send case.
func sentOnChannel(v ssa.Value) bool {
	if v == nil || v.Referrers() == nil {
		return false // a global
	}
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.Send:
			if x.X == v {
				return true
			}
		case *ssa.Select:
			for _, st := range x.States {
				if st.Dir == types.SendOnly && st.Send == v {
					return true
				}
			}
		}
	}
	return false
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

// bufferedVia is buffered for a place, or for the places it copies its
// channel from when the package makes none for it.
func (ix *pkgIndex) bufferedVia(path string) bool {
	if len(ix.makes[path]) > 0 || len(ix.aliases[path]) == 0 {
		return ix.buffered(path)
	}
	for _, from := range ix.aliases[path] {
		if !ix.buffered(from) {
			return false
		}
	}
	return true
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
	cond, onTrue := guardingCond(b)
	cmp, ok := cond.(*ssa.BinOp)
	if !ok {
		return nil, false
	}
	return cmp, onTrue
}

// guardingCond returns the condition whose If alone leads to b, and
// whether b is its true branch; nil when b has several predecessors or
// none ends in an If.
func guardingCond(b *ssa.BasicBlock) (ssa.Value, bool) {
	if len(b.Preds) != 1 {
		return nil, false
	}
	pred := b.Preds[0]
	iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, false
	}
	return iff.Cond, pred.Succs[0] == b
}
