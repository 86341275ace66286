package deferrelease

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

// policy tells the engine's walker which method called on the held value
// gives it back.
type policy struct{ release string }

func (p policy) IsRelease(m string) bool {
	return p.release != "" && lifecycle.IsReleaseName(m, p.release)
}

func (p policy) Releasable(t types.Type) bool {
	return p.release != "" && lifecycle.HasAnyMethod(t, []string{p.release})
}

func (p policy) MethodsBorrow() bool { return true }

// tracked is an acquisition followed through its function.
type tracked struct {
	*lifecycle.Tracked
	// releases are the calls (and deferred calls) that give it back.
	releases []ssa.CallInstruction
	// handedOn: some use hands it on rather than giving it back.
	handedOn bool
}

func (ch *checker) check(f *funcInfo, acq *acquisition) {
	fn, flow := f.fn, f.flow
	if acq.value == nil || acq.value.Referrers() == nil {
		return // a discarded result: nothing is held by name
	}
	vs := []ssa.Value{acq.value}
	if acq.kind == counted || acq.kind == permit {
		vs = lifecycle.Aliases(fn, acq.value)
	}
	tr := &tracked{Tracked: ch.tab.TrackValues(acq.call, acq.err, policy{acq.release}, vs...)}
	if acq.cond {
		tr.AddFalseEdges(acq.call)
	}
	if acq.kind == pooled || acq.kind == lent {
		addCommaOkEdges(acq, tr)
	}
	ch.findReleases(f, acq, tr)
	if acq.kind == counted || acq.kind == permit {
		closureReleases(fn, acq, tr)
	}
	if tr.ReleasedAtExit || collectedAnyway(acq) && (len(tr.releases) == 0 && !tr.handedOn || ch.inTest(acq)) {
		return // a test that drops a sync.Pool value loses nothing either
	}
	ch.checkAfterRelease(f, acq, tr)
	if leaks := flow.Leaks(&tr.Resource); len(leaks) > 0 {
		ch.reportLeak(fn, acq, tr, leaks)
	}
}

// findReleases sorts the kills of the walk into releases and hand-offs.
// A pool's Put of the value on the same pool is a release (the walker saw
// it as a hand-off, or not at all when Put's summary borrows); a permit's
// Release with another weight gives back a different permit and is no
// release of this one.
func (ch *checker) findReleases(f *funcInfo, acq *acquisition, tr *tracked) {
	isRelease := make(map[ssa.Instruction]bool)
	notKill := make(map[ssa.Instruction]bool)
	for _, e := range tr.Events {
		if e.Kind != lifecycle.Released {
			continue
		}
		if ch.othersRelease(e.Instr, acq) {
			notKill[e.Instr] = true // z.Close() on a pooled writer: still the pool's
			continue
		}
		if ch.otherReceiver(e.Instr, acq) {
			continue // a hand-off: s.keep(v) keeps it, or drops it itself
		}
		isRelease[e.Instr] = true
	}
	root := lifecycle.Root(acq.value)
	for _, c := range f.puts[root] {
		if ch.putsBack(c.Common(), acq, root) {
			isRelease[c] = true
		}
	}
	var kills []ssa.Instruction
	inKills := make(map[ssa.Instruction]bool)
	tr.handedOn = tr.HandedOnSuccess
	for _, k := range tr.Kills {
		if notKill[k] || isRelease[k] && !ch.sameWeight(k, acq) {
			continue // Release(m) after Acquire(ctx, n): not this permit
		}
		if !isRelease[k] {
			tr.handedOn = true
		}
		kills = append(kills, k)
		inKills[k] = true
	}
	for instr := range isRelease {
		if !inKills[instr] && ch.sameWeight(instr, acq) {
			kills = append(kills, instr)
			inKills[instr] = true
		}
	}
	for _, k := range contentHandOffs(acq) {
		tr.handedOn = true
		kills = append(kills, k)
	}
	tr.Kills = kills
	for _, k := range kills {
		if c, ok := k.(ssa.CallInstruction); ok && isRelease[k] {
			tr.releases = append(tr.releases, c)
		}
	}
	slices.SortFunc(tr.releases, func(a, b ssa.CallInstruction) int { return int(a.Pos() - b.Pos()) })
}

// othersRelease reports a method called on the held value that releases
// it in some other sense than giving it back: closing a pooled gzip.Writer
// does not put it back, while ae.returnToPool() does.
func (ch *checker) othersRelease(instr ssa.Instruction, acq *acquisition) bool {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	recv, name, _ := lifecycle.Method(c.Common())
	if recv == nil || lifecycle.IsReleaseName(name, acq.release) || !heldReceiver(recv, acq) {
		return false
	}
	callee := c.Common().StaticCallee()
	return callee == nil || !ch.tab.Of(callee).PutsBack(0)
}

// otherReceiver reports a method of another value that the summaries say
// releases the held value passed to it: it takes the value over (a
// snapshot keeping a version, or dropping its reference when closed),
// which is no release here to count twice.
func (ch *checker) otherReceiver(instr ssa.Instruction, acq *acquisition) bool {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	recv, name, _ := lifecycle.Method(c.Common())
	return recv != nil && !lifecycle.IsReleaseName(name, acq.release) && !heldReceiver(recv, acq)
}

func heldReceiver(recv ssa.Value, acq *acquisition) bool {
	return lifecycle.SamePlace(lifecycle.Root(recv), lifecycle.Root(acq.value))
}

// addCommaOkEdges marks as not held the branches on which a comma-ok type
// assertion of the pooled value failed: Get returned nil (an empty pool
// with no New) and nothing was taken.
func addCommaOkEdges(acq *acquisition, tr *tracked) {
	for _, ref := range *acq.value.Referrers() {
		ta, ok := ref.(*ssa.TypeAssert)
		if !ok || !ta.CommaOk {
			continue
		}
		for _, r := range *ta.Referrers() {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == 1 {
				tr.AddFalseEdges(ex)
			}
		}
	}
}

// putsBack reports a call giving the held value back to its pool (the
// same pool for a pooled value; any pool for a lent or owned one).
func (ch *checker) putsBack(c *ssa.CallCommon, acq *acquisition, root ssa.Value) bool {
	recv, name, args := lifecycle.Method(c)
	if recv == nil || len(args) != 1 || !slices.Contains(mergedRoots(args[0]), root) {
		return false
	}
	switch acq.kind {
	case pooled:
		return name == acq.release && lifecycle.SamePlace(recv, acq.pool)
	case lent, owner:
		_, _, ok := lifecycle.PoolPut(c)
		return ok
	}
	return false
}

// sameWeight reports whether a release instruction gives back a permit
// of the acquisition's weight (always, for other kinds).
func (ch *checker) sameWeight(instr ssa.Instruction, acq *acquisition) bool {
	if acq.kind != permit || acq.weight == nil {
		return true
	}
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return true
	}
	recv, _, args := lifecycle.Method(c.Common())
	if recv == nil || len(args) == 0 {
		return true
	}
	return lifecycle.SameValue(args[len(args)-1], acq.weight)
}

// checkAfterRelease reports, for the first release on a path, a later use
// of a pooled value (it may already be someone else's buffer) and a second
// release of anything.
func (ch *checker) checkAfterRelease(f *funcInfo, acq *acquisition, tr *tracked) {
	if len(tr.releases) == 0 {
		return
	}
	explicit := make(map[ssa.Instruction]bool)
	for _, r := range tr.releases {
		if _, deferred := r.(*ssa.Defer); !deferred && ch.releasesItself(r, acq) {
			explicit[r] = true
		}
	}
	if len(explicit) == 0 {
		return // deferred releases only: they run last, once
	}
	stops := ch.reacquisitions(f, acq)
	uses := make(map[ssa.Instruction]bool)
	if acq.kind == pooled || acq.kind == lent {
		uses = usesOf(acq.value, explicit)
	}
	targets := make(map[ssa.Instruction]bool, len(uses)+len(explicit))
	for u := range uses {
		targets[u] = true
	}
	for r := range explicit {
		targets[r] = true
	}
	// A second reference taken on the same receiver pays for a second
	// release: count only when this is the function's one acquisition.
	single := len(stops) == 1
	var live map[*ssa.BasicBlock]bool
	if acq.kind != counted && acq.kind != permit {
		live = lifecycle.Live(acq.call.Block(), targets)
	}
	for _, r := range tr.releases {
		_, deferred := r.(*ssa.Defer)
		for _, next := range f.flow.Reached(r, stops, targets, live) {
			if explicit[next] && single {
				ch.reportDouble(acq, r, next)
				return
			}
			if !deferred && uses[next] {
				ch.reportUseAfter(acq, r, next)
				return
			}
		}
	}
}

// releasesItself reports whether a release operates on the acquired value
// itself, not on a variable merging it with something else (pmsg after
// `pmsg = nil` on one branch): only then is a second one on the same
// path surely a second release.
func (ch *checker) releasesItself(r ssa.CallInstruction, acq *acquisition) bool {
	c := r.Common()
	operands := c.Args
	if c.IsInvoke() {
		operands = append([]ssa.Value{c.Value}, operands...)
	}
	for _, v := range operands {
		if v == acq.value || lifecycle.Root(v) == lifecycle.Root(acq.value) || lifecycle.SamePlace(v, acq.value) {
			return true
		}
	}
	return false
}

// reacquisitions returns the calls that acquire the same thing again: the
// acquisition itself, and other references taken on the same receiver.
func (ch *checker) reacquisitions(f *funcInfo, acq *acquisition) map[ssa.Instruction]bool {
	stops := map[ssa.Instruction]bool{acq.call: true}
	if acq.kind != counted && acq.kind != permit {
		return stops
	}
	for _, c := range f.takes {
		if recv, _, ok := lifecycle.RefTake(&c.Call); ok && lifecycle.SamePlace(recv, acq.value) {
			stops[c] = true
		}
	}
	return stops
}

// usesOf returns the instructions that use v or a conversion of it,
// other than the releases and the conversions that only feed them.
func usesOf(v ssa.Value, releases map[ssa.Instruction]bool) map[ssa.Instruction]bool {
	uses := make(map[ssa.Instruction]bool)
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, ref := range *x.Referrers() {
			switch u := ref.(type) {
			case *ssa.DebugRef, *ssa.Phi:
				continue
			case *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.TypeAssert:
				if val := u.(ssa.Value); !seen[val] && (!isTypeAssertOK(u)) {
					seen[val] = true
					if !onlyFeeds(val, releases) {
						work = append(work, val)
					}
				}
				continue
			}
			if !releases[ref] {
				uses[ref] = true
			}
		}
	}
	return uses
}

func isTypeAssertOK(instr ssa.Instruction) bool {
	ta, ok := instr.(*ssa.TypeAssert)
	return ok && ta.CommaOk
}

// onlyFeeds reports whether v is used only by the releases.
func onlyFeeds(v ssa.Value, releases map[ssa.Instruction]bool) bool {
	for _, ref := range *v.Referrers() {
		if !releases[ref] {
			return false
		}
	}
	return true
}

// contentHandOffs returns where what a pooled pointer points to is stored
// or returned (q.elts = *pool.Get().(*[]T)): the buffer now lives there,
// and whoever holds it gives it back.
func contentHandOffs(acq *acquisition) []ssa.Instruction {
	if acq.kind != pooled && acq.kind != lent {
		return nil
	}
	var out []ssa.Instruction
	for _, form := range forms(acq.value) {
		for _, ref := range *form.Referrers() {
			load, ok := ref.(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				continue
			}
			for _, alias := range contentAliases(load, 0) {
				for _, r := range *alias.Referrers() {
					switch u := r.(type) {
					case *ssa.Store:
						if u.Val == alias {
							out = append(out, u)
						}
					case *ssa.Return:
						out = append(out, u)
					}
				}
			}
		}
	}
	return out
}

// contentAliases returns the pooled contents v and the values sharing its
// backing array: slices of it, and the Bytes() of a bytes.Buffer built on
// it (buf := bytes.NewBuffer(*c); ...; b := buf.Bytes(); return &b hands
// the pooled bytes to the caller).
func contentAliases(v ssa.Value, depth int) []ssa.Value {
	out := []ssa.Value{v}
	if depth > 3 {
		return out
	}
	for _, ref := range *v.Referrers() {
		switch u := ref.(type) {
		case *ssa.Slice:
			out = append(out, contentAliases(u, depth+1)...)
		case *ssa.Call:
			if isFunc(u, "bytes", "NewBuffer") {
				for _, r := range *u.Referrers() {
					if b, ok := r.(*ssa.Call); ok && isMethodOn(b, u, "Bytes") {
						out = append(out, contentAliases(b, depth+1)...)
					}
				}
			}
		}
	}
	return out
}

func isFunc(call *ssa.Call, pkg, name string) bool {
	callee := call.Call.StaticCallee()
	return callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == pkg && callee.Name() == name && callee.Signature.Recv() == nil
}

// isMethodOn reports call as the named method called on recv.
func isMethodOn(call *ssa.Call, recv ssa.Value, name string) bool {
	callee := call.Call.StaticCallee()
	return callee != nil && callee.Name() == name && callee.Signature.Recv() != nil && len(call.Call.Args) > 0 && call.Call.Args[0] == recv
}

// forms returns v and the values that convert or assert it.
func forms(v ssa.Value) []ssa.Value {
	vs := []ssa.Value{v}
	for i := 0; i < len(vs); i++ {
		for _, ref := range *vs[i].Referrers() {
			switch u := ref.(type) {
			case *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface:
				vs = append(vs, u.(ssa.Value))
			case *ssa.TypeAssert:
				if !u.CommaOk {
					vs = append(vs, u)
					continue
				}
				for _, r := range *u.Referrers() {
					if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
						vs = append(vs, ex) // z, ok := pool.Get().(*T)
					}
				}
			}
		}
	}
	return vs
}

// collectedAnyway reports a value from a sync.Pool, directly or through a
// wrapper: losing it costs an allocation, not memory, since the garbage
// collector takes it. It is reported only where the function gives it
// back or hands it on elsewhere, so the lost path is an inconsistency a
// reviewer fixes rather than a pool used as a plain allocator.
func collectedAnyway(acq *acquisition) bool {
	switch acq.kind {
	case lent:
		return true
	case pooled:
		t := acq.pool.Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		return lifecycle.IsNamed(t, "sync", "Pool")
	}
	return false
}

func (ch *checker) inTest(acq *acquisition) bool {
	return strings.HasSuffix(ch.pass.Fset.Position(acq.call.Pos()).Filename, "_test.go")
}

// closureReleases finds the closures that release a reference or permit
// taken on a place (r.limiter, of a receiver the closure captures too):
// deferred, such a closure releases it from there on (even under a
// condition, as a deferred close does); returned or stored, it hands the
// release to whoever runs it.
func closureReleases(fn *ssa.Function, acq *acquisition, tr *tracked) {
	base, path := placePath(acq.value)
	if base == nil {
		return
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || !releasesPlace(mc, base, path, acq.release) {
				continue
			}
			kill := ssa.Instruction(mc)
			if d := deferOf(mc); d != nil {
				kill = d
				tr.releases = append(tr.releases, d)
			} else {
				tr.handedOn = true
			}
			tr.Kills = append(tr.Kills, kill)
		}
	}
}

// A placeStep is one step from a place down to its base: a load, or a
// field (of a struct value or through a pointer).
type placeStep struct {
	load  bool
	field int
}

// placePath returns the variable or parameter a place is read from and
// the steps that read it, or nil.
func placePath(v ssa.Value) (ssa.Value, []placeStep) {
	var path []placeStep
	for range 8 {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil, nil
			}
			path, v = append(path, placeStep{load: true}), x.X
		case *ssa.Field:
			path, v = append(path, placeStep{field: x.Field}), x.X
		case *ssa.FieldAddr:
			path, v = append(path, placeStep{field: x.Field}), x.X
		case *ssa.Alloc, *ssa.Parameter:
			if len(path) == 0 {
				return nil, nil
			}
			return v, path
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// releasesPlace reports a closure capturing base whose body calls the
// release method on the same place of it.
func releasesPlace(mc *ssa.MakeClosure, base ssa.Value, path []placeStep, release string) bool {
	body, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	i := slices.Index(mc.Bindings, base)
	if i < 0 || i >= len(body.FreeVars) {
		return false
	}
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := c.Common().StaticCallee()
			if callee == nil || !lifecycle.IsReleaseName(callee.Name(), release) || len(c.Common().Args) == 0 {
				continue
			}
			if fv, p := placePathTo(c.Common().Args[0]); fv == body.FreeVars[i] && slices.Equal(p, path) {
				return true
			}
		}
	}
	return false
}

// placePathTo is placePath for a closure's body, whose base is a free
// variable.
func placePathTo(v ssa.Value) (ssa.Value, []placeStep) {
	var path []placeStep
	for range 8 {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil, nil
			}
			path, v = append(path, placeStep{load: true}), x.X
		case *ssa.Field:
			path, v = append(path, placeStep{field: x.Field}), x.X
		case *ssa.FieldAddr:
			path, v = append(path, placeStep{field: x.Field}), x.X
		case *ssa.FreeVar:
			return x, path
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// deferOf returns the defer statement that runs a closure, if that is what
// is done with it.
func deferOf(mc *ssa.MakeClosure) *ssa.Defer {
	for _, ref := range *mc.Referrers() {
		if d, ok := ref.(*ssa.Defer); ok && d.Call.Value == mc {
			return d
		}
	}
	return nil
}
