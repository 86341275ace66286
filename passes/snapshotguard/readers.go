package snapshotguard

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// calls are the package's static call edges, both ways, and the
// functions started as goroutines.
type calls struct {
	callees, callers map[*ssa.Function][]*ssa.Function
	started          map[*ssa.Function]bool
}

// callGraph links each function to the package functions it calls or
// defers, and to the function literals it makes and does not start: a
// literal handed to sort.Slice or db.View runs inside its maker.
func (c *checker) callGraph() *calls {
	g := &calls{
		callees: make(map[*ssa.Function][]*ssa.Function),
		callers: make(map[*ssa.Function][]*ssa.Function),
		started: make(map[*ssa.Function]bool),
	}
	link := func(from, to *ssa.Function) {
		if o := to.Origin(); o != nil {
			to = o
		}
		if to.Pkg == from.Pkg {
			g.callees[from] = append(g.callees[from], to)
			g.callers[to] = append(g.callers[to], from)
		}
	}
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch i := instr.(type) {
				case *ssa.Go:
					if f := i.Call.StaticCallee(); f != nil {
						g.started[f] = true
					}
				case ssa.CallInstruction:
					if f := i.Common().StaticCallee(); f != nil {
						link(fn, f)
					}
					if isGoMethod(i.Common()) {
						for _, arg := range i.Common().Args {
							if mc, ok := arg.(*ssa.MakeClosure); ok {
								g.started[mc.Fn.(*ssa.Function)] = true
							}
						}
					}
				case *ssa.MakeClosure:
					switch {
					case storedAway(i):
						g.started[i.Fn.(*ssa.Function)] = true
					case !startedBy(i):
						link(fn, i.Fn.(*ssa.Function))
					}
				}
			}
		}
	}
	return g
}

// isGoMethod recognises errgroup.Group.Go and sync.WaitGroup.Go: the
// literal they are given runs on a goroutine of its own.
func isGoMethod(c *ssa.CallCommon) bool {
	f := c.StaticCallee()
	return f != nil && f.Signature.Recv() != nil && f.Name() == "Go"
}

func startedBy(mc *ssa.MakeClosure) bool {
	for _, r := range *mc.Referrers() {
		if g, ok := r.(*ssa.Go); ok && g.Call.Value == mc {
			return true
		}
		if call, ok := r.(ssa.CallInstruction); ok && isGoMethod(call.Common()) {
			return true
		}
	}
	return false
}

// storedAway recognises a function literal stored in a package variable
// or a field (a metrics callback, a hook): whoever reads it calls it, at
// any time, not its maker.
func storedAway(mc *ssa.MakeClosure) bool {
	for _, r := range *mc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Val == mc {
			switch addr := st.Addr.(type) {
			case *ssa.Global:
				return true
			case *ssa.FieldAddr:
				if _, local := addr.X.(*ssa.Alloc); !local {
					return true // not a field of a struct literal being built
				}
			}
		}
	}
	return false
}

// reach returns the functions reachable from the roots along the edges.
func reach(roots []*ssa.Function, edges map[*ssa.Function][]*ssa.Function) map[*ssa.Function]bool {
	seen := make(map[*ssa.Function]bool)
	work := append([]*ssa.Function(nil), roots...)
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		work = append(work, edges[fn]...)
	}
	return seen
}

// A reader is a function that can run while a writer runs.
type reader struct {
	fn *ssa.Function
	// ownArgs: what the function reaches through its parameters (but a
	// method's receiver) counts. An exported function or handler works on
	// whatever its caller passes, which may be a state machine nobody
	// runs (vault's LoadReadOnlySnapshot(fsm)); a goroutine or a role the
	// library calls is given the live one.
	ownArgs bool
}

// readers returns the functions that can run while a writer runs: the
// library's concurrent roles, exported functions and methods of exported
// types, HTTP handlers and goroutines. Left out are the writers and what
// they call (they run on the writer's goroutine), what calls a writer
// (the loop that drives the apply), constructors, and tests.
func (c *checker) readers(writers []*ssa.Function) []reader {
	g := c.callGraph()
	inApply := reach(writers, g.callees)
	drives := reach(writers, g.callers)
	var roots []reader
	for _, fn := range c.funcs {
		r := c.roles[fn]
		switch {
		case r == concurrent:
			roots = append(roots, reader{fn, true})
		case r != noRole, inApply[fn], drives[fn], c.skipped(fn):
		case g.started[fn]:
			roots = append(roots, reader{fn, true})
		case isHandler(fn), c.entryPoint(fn):
			roots = append(roots, reader{fn, false})
		}
	}
	return roots
}

// skipped: tests and generated code run no state machine.
func (c *checker) skipped(fn *ssa.Function) bool {
	return strings.HasSuffix(c.pass.Fset.Position(fn.Pos()).Filename, "_test.go") || c.out.Generated(fn.Pos())
}

// lifecycle names run before the state machine is handed to the library
// or after it has stopped it.
var lifecycleNames = map[string]bool{"Open": true, "Close": true, "Start": true, "Stop": true, "Shutdown": true, "Init": true, "Cleanup": true}

// entryPoint is an exported function or method other code can call at
// any time: not a constructor, not a lifecycle method. The exported
// methods of a state machine are, whether its type is exported or not:
// other packages call them through an interface.
func (c *checker) entryPoint(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || !obj.Exported() || lifecycleNames[fn.Name()] || !exportedReceiver(fn) && !c.outside[lifecycle.ReceiverNamed(fn.Signature)] {
		return false
	}
	return !strings.HasPrefix(fn.Name(), "New") && !c.tab.Of(fn).Fresh
}

// exportedReceiver: other packages call the methods of exported types;
// an unexported type's methods are called by its package, where the
// calls are what they are (a raft library's own main loop).
func exportedReceiver(fn *ssa.Function) bool {
	if fn.Signature.Recv() == nil {
		return true
	}
	n := lifecycle.ReceiverNamed(fn.Signature)
	return n != nil && n.Obj().Exported()
}

// isHandler matches func(http.ResponseWriter, *http.Request).
func isHandler(fn *ssa.Function) bool {
	params := fn.Signature.Params()
	return params.Len() == 2 &&
		types.TypeString(params.At(0).Type(), nil) == "net/http.ResponseWriter" &&
		types.TypeString(params.At(1).Type(), nil) == "*net/http.Request"
}
