package deferrelease

import (
	_ "embed"
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
	"github.com/leaklint/leaklint/internal/suppress"
	"github.com/leaklint/leaklint/internal/watchdog"
)

//go:embed doc.go
var docFile string

// Config configures deferrelease.
type Config struct {
	// Pairs are extra acquire/release pairs. A list rather than a map:
	// golangci-lint's settings split map keys at dots and lower-case them.
	// The json names are the keys of the configuration file and of
	// golangci-lint's settings.
	Pairs []Pair `json:"pairs"`
}

// Pair is an acquiring function or method and the method that gives back
// what it took.
type Pair struct {
	// Acquire is "pkg/path.Func", "pkg/path.Type.Method" or
	// "(*pkg/path.Type).Method".
	Acquire string `json:"acquire"`
	// Release is a method name: of the acquired value's type if it takes
	// no argument, else of the acquiring receiver, given the value back.
	Release string `json:"release"`
}

// Validate reports the first setting New would reject, naming its key.
func (cfg Config) Validate() error {
	for i, p := range cfg.Pairs {
		if _, err := p.key(); err != nil {
			return report.SettingError(fmt.Sprintf("pairs.%d", i), err)
		}
	}
	return nil
}

// key returns the normalized acquiring function of a valid pair, from the
// flag or the configuration.
func (p Pair) key() (string, error) {
	key := report.NormalizeFuncKey(strings.TrimSpace(p.Acquire))
	if !validKey(key) || !isIdent(strings.TrimSpace(p.Release)) {
		return "", fmt.Errorf("not a pair: acquire %q, release %q: want (*pkg/path.Type).Acquire and a method name", p.Acquire, p.Release)
	}
	return key, nil
}

// Analyzer is deferrelease with the default configuration; its flags
// configure it from the command line.
var Analyzer = New(Config{})

// New returns a deferrelease analyzer for cfg. Each analyzer owns its
// configuration; there is no package-level state. New panics if
// cfg.Validate fails, as regexp.MustCompile does: check it first when the
// configuration comes from a user.
func New(cfg Config) *analysis.Analyzer {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	c := &config{pairs: pairList{}}
	for _, p := range cfg.Pairs {
		key, _ := p.key() // valid: checked above
		c.pairs[key] = strings.TrimSpace(p.Release)
	}
	a := report.NewPass("deferrelease", docFile, "report pool buffers, references and permits not given back on every path", c.run, buildssa.Analyzer, lifecycle.Analyzer)
	a.Flags.Var(&c.pairs, "pairs", "comma-separated extra pairs, e.g. '(*example.com/pool.Bytes).Get=Put'")
	return a
}

type config struct {
	pairs pairList
}

// pairList is a flag.Value of acquire=release pairs.
type pairList map[string]string

func (p *pairList) String() string {
	var parts []string
	for k, v := range *p {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (p *pairList) Set(s string) error {
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		acq, rel, ok := strings.Cut(item, "=")
		key, err := Pair{Acquire: acq, Release: rel}.key()
		if !ok || err != nil {
			return fmt.Errorf("not a pair %q: want (*pkg/path.Type).Acquire=Release", item)
		}
		(*p)[key] = strings.TrimSpace(rel)
	}
	return nil
}

func validKey(k string) bool {
	slash := strings.LastIndex(k, "/")
	parts := strings.Split(k[slash+1:], ".")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if !isIdent(p) {
			return false
		}
	}
	return parts[0] != ""
}

func isIdent(s string) bool { return report.IsIdent(s) }

func (c *config) run(pass *analysis.Pass) (any, error) {
	ch := &checker{
		pass:  pass,
		tab:   pass.ResultOf[lifecycle.Analyzer].(*lifecycle.Table),
		pairs: c.pairs,
		out:   suppress.For(pass, "deferrelease"),
		src:   report.New(pass),
	}
	ch.tab.Exclusive(func() {
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			ch.checkFunc(fn)
		}
	})
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	tab   *lifecycle.Table
	pairs pairList
	out   *suppress.Reporter
	src   *report.Source
}

// checkFunc reports every acquisition of fn not given back on every
// path. An SSA shape the checker does not expect ends the check of fn
// quietly: a run over valid code must never crash.
func (ch *checker) checkFunc(fn *ssa.Function) {
	defer lifecycle.SkipOnPanic()
	defer watchdog.Func("deferrelease", fn)()
	if fn.Blocks == nil || ch.out.Generated(fn.Pos()) {
		return
	}
	var acqs []*acquisition
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if acq := ch.acquisition(call); acq != nil {
					acqs = append(acqs, acq)
				}
			}
		}
	}
	if len(acqs) == 0 {
		return
	}
	f := &funcInfo{fn: fn, flow: lifecycle.NewFlow(fn)}
	f.index(acqs)
	for _, acq := range acqs {
		ch.check(f, acq)
	}
}

// funcInfo is what every acquisition of one function shares, computed
// once so that a function with many acquisitions costs linear time: the
// flow, and the calls that give values back or take references, by value.
type funcInfo struct {
	fn   *ssa.Function
	flow *lifecycle.Flow
	// puts: the calls passing a value back to a pool or to a declared
	// release, by the root of that value.
	puts map[ssa.Value][]ssa.CallInstruction
	// takes: the calls taking a reference or permit on a receiver.
	takes []*ssa.Call
}

func (f *funcInfo) index(acqs []*acquisition) {
	releases := make(map[string]bool)
	for _, a := range acqs {
		if a.kind == pooled {
			releases[a.release] = true
		}
	}
	f.puts = make(map[ssa.Value][]ssa.CallInstruction)
	for _, b := range f.fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			recv, name, args := lifecycle.Method(c.Common())
			if recv == nil {
				continue
			}
			if len(args) == 1 && (releases[name] || name == "Put") {
				for _, root := range mergedRoots(args[0]) {
					f.puts[root] = append(f.puts[root], c)
				}
			}
			if call, ok := c.(*ssa.Call); ok {
				if _, _, ok := lifecycle.RefTake(c.Common()); ok {
					f.takes = append(f.takes, call)
				}
			}
		}
	}
}

// kind is how an acquisition is held and given back.
type kind uint8

const (
	pooled  kind = iota // v := pool.Get(); pool.Put(v)
	lent                // v := getBuf(); putBuf(v), or v.Release()
	owner               // r := newReader(); r.Release()
	counted             // x.Retain(); x.Release()
	permit              // sem.Acquire(ctx, n) == nil; sem.Release(n)
)

// An acquisition is one call that makes this function hold something it
// must give back.
type acquisition struct {
	call *ssa.Call
	kind kind
	// value is what is held: the result (pooled, lent, owner), or the
	// receiver the reference or permit was taken on.
	value ssa.Value
	// pool is the pool a pooled value goes back to.
	pool ssa.Value
	// release is the method that gives it back (Put, Release, DecRef...).
	release string
	// weight is a permit's weight argument, which the release must match.
	weight ssa.Value
	// cond: held only when the call returned true (TryAcquire).
	cond bool
	// err: held only when this error is nil (Acquire(ctx, n)).
	err ssa.Value
}

// acquisition returns what call acquires, or nil.
func (ch *checker) acquisition(call *ssa.Call) *acquisition {
	c := &call.Call
	if acq := ch.declared(call); acq != nil {
		return acq
	}
	if pool, ok := lifecycle.PoolGet(c); ok {
		return resultAcquisition(call, pooled, 0, pool, "Put")
	}
	if recv, release, ok := lifecycle.RefTake(c); ok {
		return heldOnReceiver(call, recv, release)
	}
	callee := c.StaticCallee()
	if callee == nil {
		return nil
	}
	sum := ch.tab.Of(callee)
	res := c.Signature().Results()
	for j := range res.Len() {
		t := res.At(j).Type()
		switch {
		case sum.IsLent(j):
			return resultAcquisition(call, lent, j, nil, releaseMethod(t))
		// A refcounted handle the call made is the caller's even when it
		// points back at what made it (a snapshot at its database).
		case releaseMethod(t) != "" && !lifecycle.HasMethod(t, "Close") && (ch.tab.OwnedResult(call, j) || ch.tab.MadeResult(call, j) && sum.Inert&(1<<j) == 0):
			return resultAcquisition(call, owner, j, nil, releaseMethod(t))
		case valueHandle(t) && lifecycle.ErrorResult(call) != nil:
			// A handle returned by value with its error (a block read
			// from a cache: (cache.Handle, error)) carries the reference
			// its Release drops.
			return resultAcquisition(call, owner, j, nil, releaseMethod(t))
		}
	}
	return nil
}

// resultAcquisition makes the acquisition of result j of call, held once
// the call's error (if it returns one) is nil.
func resultAcquisition(call *ssa.Call, k kind, j int, pool ssa.Value, release string) *acquisition {
	return &acquisition{call: call, kind: k, value: lifecycle.ResultValue(call, j), pool: pool, release: release, err: lifecycle.ErrorResult(call)}
}

// heldOnReceiver makes the acquisition of a reference or permit taken on
// recv: held at once, once a returned error is nil, or on a true result.
func heldOnReceiver(call *ssa.Call, recv ssa.Value, release string) *acquisition {
	acq := &acquisition{call: call, kind: counted, value: recv, release: release}
	res := call.Call.Signature().Results()
	switch {
	case res.Len() == 0:
	case res.Len() == 1 && lifecycle.IsError(res.At(0).Type()):
		acq.kind, acq.err = permit, call
	case res.Len() == 1 && types.Identical(res.At(0).Type().Underlying(), types.Typ[types.Bool]):
		acq.kind, acq.cond = permit, true
	default:
		return nil // a Retain that returns something else: not a plain pair
	}
	if acq.kind == permit {
		if args := weightArgs(&call.Call); len(args) > 0 {
			acq.weight = args[len(args)-1]
		}
	}
	return acq
}

// weightArgs returns a method call's arguments after the receiver,
// without a leading context.
func weightArgs(c *ssa.CallCommon) []ssa.Value {
	args := c.Args
	if !c.IsInvoke() && len(args) > 0 {
		args = args[1:]
	}
	if len(args) > 0 && lifecycle.IsContext(args[0].Type()) {
		args = args[1:]
	}
	return args
}

// declared returns the acquisition of a -pairs entry.
func (ch *checker) declared(call *ssa.Call) *acquisition {
	if len(ch.pairs) == 0 {
		return nil
	}
	var obj *types.Func
	var recv ssa.Value
	c := &call.Call
	if c.IsInvoke() {
		obj, recv = c.Method, c.Value
	} else if callee := c.StaticCallee(); callee != nil && callee.Signature.Recv() != nil && len(c.Args) > 0 {
		obj, _ = callee.Object().(*types.Func)
		recv = c.Args[0]
	}
	release, ok := ch.pairs[lifecycle.FuncKey(obj)]
	if obj == nil || !ok {
		return nil
	}
	rel, _, _ := types.LookupFieldOrMethod(recv.Type(), true, obj.Pkg(), release)
	relFn, ok := rel.(*types.Func)
	if !ok {
		return nil
	}
	if relFn.Type().(*types.Signature).Params().Len() > 0 && c.Signature().Results().Len() > 0 {
		return resultAcquisition(call, pooled, 0, recv, release)
	}
	return heldOnReceiver(call, recv, release)
}

// valueHandle reports a struct type used by value whose own Release (or
// DecRef, Unref) is declared on the value: a reference handle copied
// around, not an object behind a pointer.
func valueHandle(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Struct); !ok {
		return false
	}
	if _, ok := types.Unalias(t).(*types.Named); !ok {
		return false
	}
	ms := types.NewMethodSet(t) // value receivers only
	for _, m := range []string{"Release", "DecRef", "Unref"} {
		if sel := ms.Lookup(nil, m); sel != nil {
			return true
		}
	}
	return false
}

// releaseMethod returns the method of t that gives back what it holds.
func releaseMethod(t types.Type) string {
	for _, m := range []string{"Release", "DecRef", "Unref"} {
		if lifecycle.HasReleaseMethod(t, m) {
			return m
		}
	}
	return ""
}

// mergedRoots returns the values v may be on some path: its root, and, for
// a variable merged at a phi (e := pooled, or a new one), each merged
// value's roots.
func mergedRoots(v ssa.Value) []ssa.Value {
	var roots []ssa.Value
	seen := make(map[ssa.Value]bool)
	var visit func(ssa.Value, int)
	visit = func(v ssa.Value, depth int) {
		r := lifecycle.Root(v)
		if seen[r] || depth > 4 {
			return
		}
		seen[r] = true
		roots = append(roots, r)
		if phi, ok := r.(*ssa.Phi); ok {
			for _, e := range phi.Edges {
				visit(e, depth+1)
			}
		}
	}
	visit(v, 0)
	return roots
}
