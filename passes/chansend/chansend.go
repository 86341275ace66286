package chansend

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/locks"
	"github.com/leaklint/leaklint/internal/report"
	"github.com/leaklint/leaklint/internal/suppress"
	"github.com/leaklint/leaklint/internal/watchdog"
)

//go:embed doc.go
var docFile string

// Config configures chansend. It has no settings yet; it exists so that
// every pass is built the same way, by New(Config), and so that a setting
// chansend does not know is an error rather than ignored.
type Config struct{}

// Validate reports the first setting New would reject: none yet.
func (Config) Validate() error { return nil }

// Analyzer reports channel sends that can block forever.
var Analyzer = New(Config{})

// New returns a chansend analyzer. Each analyzer owns its configuration;
// there is no package-level state.
func New(Config) *analysis.Analyzer {
	return report.NewPass("chansend", docFile, "report channel sends that can block forever", run, buildssa.Analyzer, pendingAnalyzer)
}

func run(pass *analysis.Pass) (any, error) {
	fns := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
	ch := &checker{
		pass: pass,
		out:  suppress.For(pass, "chansend"),
		src:  report.New(pass),

		locked:    make(map[string][]lockedRecv),
		lockCalls: make(map[*ssa.Function][]lockOp),
		index:     newIndex(),
		reported:  make(map[*ssa.Send]bool),
		loops:     make(map[*ssa.Function]*cycles),
		pending:   pass.ResultOf[pendingAnalyzer].(*pendingTable),
	}
	for _, fn := range fns {
		safely(fn, ch.indexFunc) // generated code's receivers count too
	}
	ch.index.resolveAliases()
	// Channels made here first: their findings say more (where the
	// function stops receiving) than those about a send alone.
	for _, fn := range fns {
		if !ch.out.Generated(fn.Pos()) {
			safely(fn, ch.checkChannels)
		}
	}
	for _, fn := range fns {
		if !ch.out.Generated(fn.Pos()) {
			safely(fn, ch.checkSends)
			safely(fn, ch.checkPendingCalls)
		}
	}
	return nil, nil
}

// safely runs a check of fn. An SSA shape the checker does not expect ends
// that check of fn quietly: a run over valid code must never crash.
func safely(fn *ssa.Function, check func(*ssa.Function)) {
	defer lifecycle.SkipOnPanic()
	defer watchdog.Func("chansend", fn)()
	if fn.Blocks != nil {
		check(fn)
	}
}

type checker struct {
	pass  *analysis.Pass
	out   *suppress.Reporter
	src   *report.Source
	index *pkgIndex
	// locked and lockCalls are computed on first need.
	locked    map[string][]lockedRecv
	lockCalls map[*ssa.Function][]lockOp
	reported  map[*ssa.Send]bool // one finding per send
	loops     map[*ssa.Function]*cycles
	pending   *pendingTable // functions returning a channel with a value in flight
}

// checkChannels checks every channel made in fn.
func (ch *checker) checkChannels(fn *ssa.Function) {
	var flow *lifecycle.Flow
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeChan)
			if !ok {
				continue
			}
			ch.checkQuittingWorkers(fn, mc)
			capacity, known := constCap(mc)
			if !known {
				continue // make(chan T, len(xs)): sized to its senders, presumably
			}
			if flow == nil {
				flow = lifecycle.NewFlow(fn)
			}
			ch.checkChan(fn, flow, mc, capacity)
		}
	}
}

// checkSends checks each send of fn on its own: under a lock its receiver
// needs, or ignoring a cancel signal in scope.
func (ch *checker) checkSends(fn *ssa.Function) {
	var held *locks.Held
	var facts *sendFacts
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			send, ok := instr.(*ssa.Send)
			if !ok || ch.reported[send] {
				continue
			}
			if facts == nil {
				facts = ch.sendFactsOf(fn)
			}
			ch.checkSendUnderLock(fn, facts, send, func() *locks.Held {
				if held == nil {
					held = locks.Analyze(fn)
				}
				return held
			})
			if ch.reported[send] {
				continue
			}
			if !ch.checkIgnoredSignal(facts, send) {
				ch.checkIgnoredContext(fn, facts, send)
			}
			if !ch.reported[send] {
				ch.checkStoppedReceiver(fn, facts, send)
			}
		}
	}
}

func constCap(mc *ssa.MakeChan) (int64, bool) {
	c, ok := mc.Size.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	n, ok := constant.Int64Val(c.Value)
	return n, ok
}

// chanUses is what a function does with a channel it made.
type chanUses struct {
	recvs   []ssa.Instruction // receives, and the first instruction of select cases receiving it
	cases   []selectCase      // select cases receiving it
	sends   []*ssa.Send       // sends in the function itself
	goes    []sender          // goroutines started with it
	escapes []ssa.Instruction // anything else: stored, returned, passed, captured
	// external are the goroutines running a function of another package
	// with it (also escapes: only facts say what they do).
	external []externalGo
	// maybe are the calls handing it to a callee that receives from it
	// on some paths only (also neither escapes nor receives).
	maybe  []maybeRecv
	closes []ssa.Instruction // close(ch): a send after it panics rather than blocks
	closed bool
	// recvBlocks are where it is received: a receive's block, a select's.
	recvBlocks []*ssa.BasicBlock
	// cells are the variables followed: a value loaded from one and
	// stored back (ch = ch, a captured named result) is not followed twice.
	cells map[ssa.Value]bool
}

// A selectCase is case index of a select.
type selectCase struct {
	sel   *ssa.Select
	index int
}

// receivesInLoop reports whether some receive is in a loop (a drain).
func (u *chanUses) receivesInLoop(loops *cycles) bool {
	return slices.ContainsFunc(u.recvBlocks, loops.inLoop)
}

// A sender is a goroutine started with the channel, and the channel as its
// body sees it.
type sender struct {
	start *ssa.Go
	body  *ssa.Function
	ch    ssa.Value // the body's parameter or free variable
}

func usesOf(fn *ssa.Function, v ssa.Value, u *chanUses) {
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.ChangeType: // chan T to <-chan T or chan<- T
			usesOf(fn, x, u)
		case *ssa.UnOp:
			if x.Op == token.ARROW {
				u.recvs = append(u.recvs, x)
				u.recvBlocks = append(u.recvBlocks, x.Block())
			} else {
				u.escapes = append(u.escapes, x)
			}
		case *ssa.Select:
			u.selectUse(x, v)
		case *ssa.Send:
			if x.Chan == v && x.X != v {
				u.sends = append(u.sends, x)
			} else {
				u.escapes = append(u.escapes, x)
			}
		case *ssa.Store:
			if cell, ok := x.Addr.(*ssa.Alloc); ok && x.Val == v && len(lifecycle.StoredValues(cell)) == 1 {
				// the variable holds the one channel throughout
				cellUses(fn, cell, u) // a variable a closure captures
			} else if x.Val == v {
				u.escapes = append(u.escapes, x)
			}
		case *ssa.MakeClosure:
			u.closureUse(x, v)
		case *ssa.Go:
			u.goUse(x, v)
		case *ssa.Defer:
			if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
				u.closed = true // when the function returns
				continue
			}
			u.escapes = append(u.escapes, x)
		case *ssa.Call:
			if b, ok := x.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap" || b.Name() == "close") {
				if b.Name() == "close" {
					u.closed = true
					u.closes = append(u.closes, x)
				}
				continue
			}
			u.escapes = append(u.escapes, x)
		default:
			u.escapes = append(u.escapes, ref)
		}
	}
}

// cellUses follows a variable holding the channel: its loads are the
// channel, and closures capturing it see it through a free variable.
func cellUses(fn *ssa.Function, cell ssa.Value, u *chanUses) {
	if u.cells[cell] {
		return
	}
	if u.cells == nil {
		u.cells = map[ssa.Value]bool{}
	}
	u.cells[cell] = true
	for _, ref := range *cell.Referrers() {
		switch x := ref.(type) {
		case *ssa.Store, *ssa.DebugRef:
		case *ssa.UnOp:
			if x.Op == token.MUL {
				usesOf(fn, x, u)
			} else {
				u.escapes = append(u.escapes, x)
			}
		case *ssa.MakeClosure:
			u.closureUse(x, cell)
		default:
			u.escapes = append(u.escapes, ref)
		}
	}
}

// recvPos is where receive i happens: the instruction's position, or for
// a select case's first instruction (which may have none), the case's
// arrow.
func (u *chanUses) recvPos(i int) token.Pos {
	if pos := u.recvs[i].Pos(); pos.IsValid() {
		return pos
	}
	for _, c := range u.cases {
		if caseStart(c.sel, c.index) == u.recvs[i] {
			return c.sel.States[c.index].Pos
		}
	}
	return u.recvs[i].Block().Parent().Pos()
}

// selectUse records a select receiving from v: the case's first
// instruction is where the value was received. A select sending on v is
// a guarded send, and anything else an escape.
func (u *chanUses) selectUse(sel *ssa.Select, v ssa.Value) {
	for i, st := range sel.States {
		if st.Chan != v {
			continue
		}
		if st.Dir != types.RecvOnly {
			continue // a send guarded by a select: out of scope
		}
		u.cases = append(u.cases, selectCase{sel, i})
		if first := caseStart(sel, i); first != nil {
			u.recvs = append(u.recvs, first)
			u.recvBlocks = append(u.recvBlocks, sel.Block())
		}
	}
}

// caseStart returns the first instruction of the block that runs when
// case i of a blocking select is chosen.
func caseStart(sel *ssa.Select, i int) ssa.Instruction {
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r := range *ex.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			c, ok := cmp.Y.(*ssa.Const)
			if !ok || c.Value == nil || c.Int64() != int64(i) {
				continue
			}
			for _, rr := range *cmp.Referrers() {
				if iff, ok := rr.(*ssa.If); ok && len(iff.Block().Succs[0].Instrs) > 0 {
					return iff.Block().Succs[0].Instrs[0]
				}
			}
		}
	}
	return nil
}

func (u *chanUses) closureUse(mc *ssa.MakeClosure, v ssa.Value) {
	fn, _ := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b != v || fn == nil || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range *mc.Referrers() {
			if d, ok := ref.(*ssa.Defer); ok && d.Call.Value == mc {
				u.deferUse(fn, i, d)
				continue
			}
			g, ok := ref.(*ssa.Go)
			if !ok || g.Call.Value != mc {
				u.escapes = append(u.escapes, mc) // a closure kept or called: its use is unknown
				return
			}
			u.goes = append(u.goes, sender{start: g, body: fn, ch: fn.FreeVars[i]})
		}
		return
	}
}

func (u *chanUses) goUse(g *ssa.Go, v ssa.Value) {
	callee := g.Call.StaticCallee()
	if callee == nil || callee.Blocks == nil || g.Call.IsInvoke() {
		if callee != nil && !g.Call.IsInvoke() {
			if i := slices.IndexFunc(g.Call.Args, func(a ssa.Value) bool { return lifecycle.Root(a) == v || a == v }); i >= 0 {
				u.external = append(u.external, externalGo{g, callee, i})
			}
		}
		u.escapes = append(u.escapes, g)
		return
	}
	for i, a := range g.Call.Args {
		if lifecycle.Root(a) == v || a == v {
			if i >= len(callee.Params) {
				u.escapes = append(u.escapes, g)
				return
			}
			u.goes = append(u.goes, sender{start: g, body: callee, ch: callee.Params[i]})
			return
		}
	}
	u.escapes = append(u.escapes, g)
}

// senderUses returns what a goroutine's body does with its channel, and
// false when it does anything else than send, close or measure it
// (receives too, passes it on, selects on it).
func senderUses(s sender) (*chanUses, bool) {
	u := usesIn(s.body, s.ch)
	if len(u.escapes) > 0 || len(u.recvs) > 0 || len(u.goes) > 0 || len(u.cases) > 0 {
		return nil, false
	}
	return &u, true
}

// usesIn returns what fn does with a channel it sees as v: a parameter,
// or a captured variable (a cell) holding it.
func usesIn(fn *ssa.Function, v ssa.Value) chanUses {
	var u chanUses
	if _, isCell := v.Type().Underlying().(*types.Pointer); isCell {
		cellUses(fn, v, &u)
	} else {
		usesOf(fn, v, &u)
	}
	return u
}

// repeatsWithout reports whether b can run again without passing through
// avoid: a go statement in a loop that does not also make a new channel
// each time starts several senders on one channel.
func repeatsWithout(b, avoid *ssa.BasicBlock) bool {
	if b == avoid {
		return false // the channel is made before the go statement in its block
	}
	return reachesAvoiding(b, b, avoid)
}

// reachesAvoiding reports whether a path of one or more edges leads from
// from to to without entering avoid (nil: no block is avoided).
func reachesAvoiding(from, to, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{from: true}
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == to {
				return true
			}
			if !seen[s] && s != avoid {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

func (ch *checker) checkChan(fn *ssa.Function, flow *lifecycle.Flow, mc *ssa.MakeChan, capacity int64) {
	var u chanUses
	usesOf(fn, mc, &u)
	if capacity == 0 {
		ch.checkFreshSends(flow, mc, &u)
	}
	ch.checkLocalStoppedReceiver(fn, mc, capacity, &u)
	ch.receivingCalls(mc, &u)
	if len(u.escapes) > 0 || len(u.sends) > 0 || len(u.goes) != 1 {
		return // shared further, sent on here too, or several goroutines: not followed
	}
	s := u.goes[0]
	su, ok := senderUses(s)
	if !ok || len(su.sends) == 0 {
		return
	}
	if loopingSend(ch.loopsOf(s.body), su.sends) != nil || !exclusive(su.sends) {
		ch.checkQuittingConsumer(fn, flow, mc, &u, s, su)
		return
	}
	// One value per run of the goroutine.
	send := firstSend(s.body, su.sends)
	if capacity > 0 {
		return // room for the one value
	}
	kills := append(slices.Clone(u.recvs), ch.siblingReceives(fn, mc, s, su)...)
	leaks, again := loopLeaks(flow.Leaks(&lifecycle.Resource{Acquire: s.start, Kills: kills}))
	if again && repeatsWithout(s.start.Block(), mc.Block()) && !eventLoop(mc, &u, s.start) {
		// A loop starts the next goroutine before receiving the last
		// one's value: several senders in flight, received elsewhere.
		ch.checkOneReceive(fn, mc, capacity, &u, s, send)
		return
	}
	if len(leaks) == 0 {
		return
	}
	ch.reportLeakedSender(fn, mc, &u, s.start.Block(), send, leaks[0])
}

// eventLoop reports a go statement in the same loop as the receives of
// its channel: an event loop that starts workers and takes their results
// as they come. However many are in flight, a path leaving the loop
// without receiving leaves the last ones blocked.
//
// The cycle through both must not pass the make: a channel made anew for
// each round of an outer loop, its senders then its receives in two inner
// loops, is a fan-out and fan-in per round.
func eventLoop(mc *ssa.MakeChan, u *chanUses, start *ssa.Go) bool {
	for _, b := range u.recvBlocks {
		if reachesAvoiding(start.Block(), b, mc.Block()) && reachesAvoiding(b, start.Block(), mc.Block()) {
			return true
		}
	}
	return false
}

// checkOneReceive reports goroutines started in a loop, each sending
// once, on an unbuffered channel the function receives from once.
func (ch *checker) checkOneReceive(fn *ssa.Function, mc *ssa.MakeChan, capacity int64, u *chanUses, s sender, send *ssa.Send) {
	if capacity != 0 || u.receivesInLoop(ch.loopsOf(fn)) || len(u.recvs) != 1 || u.closed {
		return
	}
	why := fmt.Sprintf("only one value is received (at %s) from the goroutines started in a loop at %s",
		ch.src.Where(u.recvPos(0)), ch.src.Where(s.start.Pos()))
	size := ch.senderCount(mc, s.start)
	if size == "" {
		ch.report(send, mc, "", why, "", nil)
		return
	}
	ch.report(send, mc, "", why, "give it a capacity of "+size, ch.capacityFix(mc, size))
}

// senderCount is the number of goroutines a range loop starts, one per
// element, as an expression: len(xs) for a slice, array or map, n for
// range n. The loop must run after the make, so the expression is in
// scope there only if it is declared before; a range over anything else
// (or a three-clause loop) gives "".
func (ch *checker) senderCount(mc *ssa.MakeChan, start *ssa.Go) string {
	f := ch.src.FileOf(start.Pos())
	if f == nil {
		return ""
	}
	path, _ := astutil.PathEnclosingInterval(f, start.Pos(), start.Pos())
	for _, n := range path {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || rs.Pos() < mc.Pos() {
			continue
		}
		if rs.Key == nil && rs.Value == nil {
			return "" // for range ch or a bare repetition: not one per element
		}
		switch t := ch.pass.TypesInfo.TypeOf(rs.X).Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map:
			return "len(" + types.ExprString(rs.X) + ")"
		case *types.Basic:
			if t.Info()&types.IsInteger != 0 {
				return types.ExprString(rs.X)
			}
		}
		return ""
	}
	return ""
}

// checkFreshSends reports sends on an unbuffered channel made here that
// can run before anything else has the channel: no goroutine or callee
// could receive them.
//
// A goroutine started with the channel anywhere in the function may well
// run first (one started in a loop that the walk may skip, for instance),
// so then nothing is reported.
func (ch *checker) checkFreshSends(flow *lifecycle.Flow, mc *ssa.MakeChan, u *chanUses) {
	if len(u.sends) == 0 || len(u.goes) > 0 {
		return
	}
	for _, e := range u.escapes {
		if _, ok := goMethodWorker(e, mc, u.cells); ok {
			return // a goroutine started by a Go method (errgroup) may run first
		}
	}
	stops := make(map[ssa.Instruction]bool)
	for _, e := range append(u.escapes, u.closes...) {
		stops[e] = true
	}
	targets := make(map[ssa.Instruction]bool)
	for _, s := range u.sends {
		targets[s] = true
	}
	for _, reached := range flow.Reached(mc, stops, targets, nil) {
		ch.reportAt(reached.(*ssa.Send), mc, "nothing else can have the channel yet: no goroutine or callee got it before this send", nil)
	}
}

func (ch *checker) reportLeakedSender(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses, start *ssa.BasicBlock, send *ssa.Send, leak lifecycle.Leak) {
	where := ch.src.Where(report.LeakPos(fn, leak))
	why := "the function returns at " + where + " without receiving"
	if len(u.recvs) == 0 {
		why = "nothing receives from it"
	}
	// The path runs from the leak back to the go statement's block, which
	// it leaves out: the select often shares that block.
	for _, b := range append(leak.Path, start) {
		for _, c := range u.cases {
			if c.sel.Block() == b {
				why = fmt.Sprintf("the function returns at %s after the select at %s takes another case", where, ch.src.Where(c.sel.Pos()))
			}
		}
		for _, m := range u.maybe {
			if m.call.Block() == b {
				why = fmt.Sprintf("%s, given it at %s, can return without receiving (at %s)", ch.calleeName(m.call.Call.StaticCallee()), ch.src.Where(m.call.Pos()), m.skip)
			}
		}
	}
	ch.reportSingle(send, mc, why)
}

func (ch *checker) reportAt(send *ssa.Send, mc *ssa.MakeChan, why string, fix *analysis.SuggestedFix) {
	advice := ""
	if fix != nil {
		advice = "give it a capacity of 1"
	}
	ch.report(send, mc, "", why, advice, fix)
}

// reportSingle reports a single sender's send; the fix gives its channel
// room for the one value.
func (ch *checker) reportSingle(send *ssa.Send, mc *ssa.MakeChan, why string) {
	ch.reportAt(send, mc, why, ch.capacityFix(mc, "1"))
}

// report words a finding at a send: the channel, where it was made and
// its capacity when known, what else holds (a lock), why no receiver is
// guaranteed, and what to do.
func (ch *checker) report(send *ssa.Send, mc *ssa.MakeChan, holding, why, advice string, fix *analysis.SuggestedFix) {
	if ch.reported[send] {
		return
	}
	ch.reported[send] = true
	name := ch.chanName(send)
	if mc != nil {
		name += fmt.Sprintf(" (%s, made at %s)", capacityWord(mc), ch.src.Where(mc.Pos()))
	}
	d := analysis.Diagnostic{
		Pos:     send.Pos(),
		Message: fmt.Sprintf("chansend: send on %s%s can block forever: %s", name, holding, why),
	}
	if mc != nil {
		d.Related = []analysis.RelatedInformation{{Pos: mc.Pos(), Message: "the channel is made here"}}
	}
	if advice != "" {
		d.Message += "; " + advice
	}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	ch.out.Report(d)
}

func capacityWord(mc *ssa.MakeChan) string {
	c, known := constCap(mc)
	switch {
	case !known:
		return "buffered"
	case c == 0:
		return "unbuffered"
	}
	return fmt.Sprintf("capacity %d", c)
}

// chanName is the channel as the send statement writes it.
func (ch *checker) chanName(send *ssa.Send) string {
	if stmt, _ := ch.sendSyntax(send); stmt != nil {
		return types.ExprString(stmt.Chan)
	}
	return "the channel"
}

// capacityFix turns make(chan T) into make(chan T, size): room for every
// sender, which then ends whether or not anyone receives.
func (ch *checker) capacityFix(mc *ssa.MakeChan, size string) *analysis.SuggestedFix {
	call := ch.src.CallAt(mc.Pos())
	if call == nil {
		return nil
	}
	edit := analysis.TextEdit{Pos: call.Rparen, End: call.Rparen, NewText: []byte(", " + size)}
	if len(call.Args) == 2 {
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(size)}
	}
	return &analysis.SuggestedFix{Message: "Give the channel a capacity of " + size, TextEdits: []analysis.TextEdit{edit}}
}
