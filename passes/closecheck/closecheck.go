package closecheck

import (
	_ "embed"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"net/http"
	"slices"
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

// Config configures closecheck. The json names are the keys of the
// configuration file and of golangci-lint's settings.
type Config struct {
	// ReleaseMethods are the method names that release a resource; a type
	// with a niladic method of one of these names must be released.
	// Empty means {"Close"}.
	ReleaseMethods []string `json:"release-methods"`
	// Types are more resource types, each with the methods that release
	// it: a transaction released by Commit or Rollback, a lease by Revoke.
	// A list rather than a map: golangci-lint's settings split map keys
	// at dots and lower-case them.
	Types []ResourceType `json:"types"`
}

// ResourceType is a type whose values must be released, and how.
type ResourceType struct {
	// Type is "pkg/path.Type"; values of Type and *Type are tracked.
	Type string `json:"type"`
	// Release are the methods any of which releases a value.
	Release []string `json:"release"`
}

// Validate reports the first setting New would reject, naming its key.
func (cfg Config) Validate() error {
	for _, m := range cfg.ReleaseMethods {
		if err := methodName(m); err != nil {
			return report.SettingError("release-methods", err)
		}
	}
	for i, rt := range cfg.Types {
		key := fmt.Sprintf("types.%d", i)
		if !validTypeName(rt.Type) {
			return report.SettingError(key, fmt.Errorf("not a type name: %q (want pkg/path.Type)", rt.Type))
		}
		if len(rt.Release) == 0 {
			return report.SettingError(key, fmt.Errorf("%s: no release methods", rt.Type))
		}
		for _, m := range rt.Release {
			if err := methodName(m); err != nil {
				return report.SettingError(key, err)
			}
		}
	}
	return nil
}

// methodName checks a release method's name, from the flag or the
// configuration.
func methodName(m string) error {
	if !report.IsIdent(m) {
		return fmt.Errorf("not a method name: %q", m)
	}
	return nil
}

// validTypeName accepts pkg/path.Type.
func validTypeName(s string) bool {
	dot := strings.LastIndex(s, ".")
	return dot > 0 && report.IsIdent(s[dot+1:]) && !strings.ContainsAny(s[:dot], " *()")
}

// Analyzer is closecheck with the default configuration; its flags
// configure it from the command line.
var Analyzer = New(Config{})

// New returns a closecheck analyzer for cfg. Each analyzer owns its
// configuration; there is no package-level state. New panics if
// cfg.Validate fails, as regexp.MustCompile does: check it first when
// the configuration comes from a user.
func New(cfg Config) *analysis.Analyzer {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	c := &config{release: slices.Clone(cfg.ReleaseMethods), types: map[string][]string{}}
	for _, rt := range cfg.Types {
		c.types[rt.Type] = append(c.types[rt.Type], rt.Release...)
	}
	if len(c.release) == 0 {
		c.release = []string{"Close"}
	}
	a := report.NewPass("closecheck", docFile, "report closable resources not closed on every path", c.run, buildssa.Analyzer, lifecycle.Analyzer)
	a.Flags.Var(&c.release, "release", "comma-separated method names that release a resource")
	return a
}

type config struct {
	release methodList
	types   map[string][]string
}

// methodList is a flag.Value holding comma-separated method names.
type methodList []string

func (m *methodList) String() string { return strings.Join(*m, ",") }
func (m *methodList) Set(s string) error {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			if err := methodName(n); err != nil {
				return err
			}
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no method names in %q", s)
	}
	*m = names
	return nil
}

// closePolicy is the lifecycle.Policy for closers and streams.
type closePolicy struct {
	release []string
	types   map[string][]string // configured resource types
}

// IsRelease goes by name alone: a configured type's release methods
// release any tracked value that has them.
func (p closePolicy) IsRelease(m string) bool {
	if slices.Contains(p.release, m) || m == "CloseAndRecv" || m == "CloseWithError" {
		return true
	}
	for _, ms := range p.types {
		if slices.Contains(ms, m) {
			return true
		}
	}
	return false
}

func (p closePolicy) MethodsBorrow() bool { return true }

func (p closePolicy) Releasable(t types.Type) bool {
	return lifecycle.HasAnyMethod(t, p.release) || p.typeReleases(t) != nil
}

// typeReleases returns the configured release methods of t or *t.
func (p closePolicy) typeReleases(t types.Type) []string {
	if len(p.types) == 0 {
		return nil
	}
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	return p.types[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
}

func (c *config) run(pass *analysis.Pass) (any, error) {
	ch := &checker{
		pass:   pass,
		tab:    pass.ResultOf[lifecycle.Analyzer].(*lifecycle.Table),
		policy: closePolicy{release: c.release, types: c.types},
		out:    suppress.For(pass, "closecheck"),
		src:    report.New(pass),
	}
	ch.srcFuncs = pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
	ch.tab.Exclusive(func() {
		for _, fn := range ch.srcFuncs {
			ch.checkFunc(fn)
		}
	})
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	tab    *lifecycle.Table
	policy closePolicy
	out    *suppress.Reporter
	src    *report.Source
	// srcFuncs and calls: the package's functions and, built on first
	// need, their static call sites.
	srcFuncs []*ssa.Function
	calls    map[*ssa.Function][]*ssa.CallCommon
}

// checkFunc reports the leaks of every resource acquired in fn. An SSA
// shape the checker does not expect ends the check of fn quietly: a run
// over valid code must never crash.
func (ch *checker) checkFunc(fn *ssa.Function) {
	defer lifecycle.SkipOnPanic()
	defer watchdog.Func("closecheck", fn)()
	if fn.Blocks == nil || ch.generated(fn.Pos()) {
		return
	}
	var flow *lifecycle.Flow
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			for _, acq := range ch.acquisitions(call) {
				if flow == nil {
					flow = lifecycle.NewFlow(fn)
				}
				ch.check(fn, flow, acq)
			}
		}
	}
}

func (ch *checker) inTestFile(pos token.Pos) bool {
	return strings.HasSuffix(ch.pass.Fset.Position(pos).Filename, "_test.go")
}

func (ch *checker) generated(pos token.Pos) bool { return ch.out.Generated(pos) }

// acquisition is one owned resource produced by a call.
type acquisition struct {
	call   *ssa.Call
	result int
	stream bool
	// body: the result is an *http.Response, whose Body must be closed.
	body bool
	// closeSent: CloseSend was called on the stream, which the message
	// then says does not release it.
	closeSent bool
}

// acquisitions lists the results of call that the caller owns and must
// release.
func (ch *checker) acquisitions(call *ssa.Call) []acquisition {
	res := call.Call.Signature().Results()
	var acqs []acquisition
	for j := range res.Len() {
		t := res.At(j).Type()
		if isResponse(t) {
			if ch.responseAcquired(call, j) {
				acqs = append(acqs, acquisition{call: call, result: j, body: true})
			}
			continue
		}
		// A stream-like value with a Close of its own (a store's series client
		// holding readers) is released by Close, like any closer.
		stream := lifecycle.IsClientStream(t) && !lifecycle.HasMethod(t, "Close")
		if !stream && !ch.policy.Releasable(t) {
			continue
		}
		if call.Call.IsInvoke() {
			// Interface methods have no summary; a stream-returning method
			// (a generated client's) and one that opens an io closer with
			// its error are known to hand one over.
			if stream || lifecycle.OpensCloser(&call.Call, j) {
				acqs = append(acqs, acquisition{call: call, result: j, stream: stream})
			}
			continue
		}
		if ch.tab.OwnedResult(call, j) || ch.policy.typeReleases(t) != nil && ch.tab.MadeResult(call, j) {
			acqs = append(acqs, acquisition{call: call, result: j, stream: stream})
		}
	}
	return acqs
}

func (ch *checker) check(fn *ssa.Function, flow *lifecycle.Flow, acq acquisition) {
	tr := ch.tab.Track(acq.call, acq.result, ch.policy)
	if acq.body && !tr.Discarded {
		// The Body is the resource: returned, handed on, compared with
		// nil or closed, whatever is done with the response itself.
		resp := lifecycle.ResultValue(acq.call, acq.result)
		tr = ch.tab.TrackValues(acq.call, lifecycle.ErrorResult(acq.call), ch.policy, append([]ssa.Value{resp}, bodyLoads(resp)...)...)
	}
	switch {
	case tr.Discarded:
		// In a test, a discarded result is a call made for its error
		// (`_, err := Open("not-an-object-file")`) or its side effect; a
		// round trip run for what it writes (httputil.DumpRequestOut)
		// reads the response itself.
		if !ch.inTestFile(acq.call.Pos()) && !(acq.body && isRoundTrip(acq.call)) {
			ch.reportDiscarded(acq)
		}
		return
	case acq.body && ch.inTestFile(acq.call.Pos()):
		// A test's responses come from its own server, closed when the
		// test ends; an unclosed body there costs nothing that lasts.
		return
	case tr.ReleasedAtExit:
		return
	}
	atExit := false
	if acq.stream {
		// Released when the function returns, a stream opened on each
		// iteration is still lost by the next one.
		how := ch.streamReleasedAtExit(fn, acq.call, &tr.Resource)
		if how == byWhoeverHas {
			return
		}
		atExit = how == atExitRelease
		ch.addRecvEdges(tr.Events, &tr.Resource)
		ch.addErrorDerefKills(tr.Events, &tr.Resource)
		acq.closeSent = slices.ContainsFunc(tr.Events, func(e lifecycle.Event) bool {
			return e.Kind == lifecycle.MethodCall && e.Method == "CloseSend"
		})
		if unaryDesc(acq.call) {
			addUnaryKills(tr.Events, &tr.Resource)
		}
	}
	leaks := flow.Leaks(&tr.Resource)
	if acq.stream && len(leaks) > 0 && (atExit || ch.callerCancels(fn, acq.call)) {
		leaks = onlyLoops(leaks) // each return is followed by the cancel
	}
	if len(leaks) > 0 {
		ch.report(fn, acq, leaks, tr.HandedOn)
	}
}

func onlyLoops(leaks []lifecycle.Leak) []lifecycle.Leak {
	var loops []lifecycle.Leak
	for _, l := range leaks {
		if l.Loop {
			loops = append(loops, l)
		}
	}
	return loops
}

// An HTTP response is released by closing its Body, a field the walker
// follows as the response itself (an io.ReadCloser loaded from a tracked
// value). The responses tracked are those of http.Get and the Client's
// methods, of a RoundTripper, and of helpers returning one of those.
func isResponse(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && lifecycle.IsNamed(p.Elem(), "net/http", "Response")
}

func (ch *checker) responseAcquired(call *ssa.Call, j int) bool {
	return fromHTTP(call, j, ch.pass.Pkg, 0) && !headRequest(call) && (call.Call.IsInvoke() || ch.tab.OwnedResult(call, j))
}

// headRequest reports a helper asked for a HEAD request by a constant
// argument (s.request("HEAD", key)): its response's Body is http.NoBody.
func headRequest(call *ssa.Call) bool {
	for _, a := range call.Call.Args {
		if c, ok := a.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String && constant.StringVal(c.Value) == http.MethodHead {
			return true
		}
	}
	return false
}

// fromHTTP reports whether result j of call is a response the net/http
// client made: from http.Get or a Client's method, a RoundTripper, or a
// helper of the package that returns one of those (not a response the
// helper built itself, which may have no Body).
func fromHTTP(call *ssa.Call, j int, pkg *types.Package, depth int) bool {
	if call.Call.IsInvoke() {
		return call.Call.Method.Name() == "RoundTrip"
	}
	callee := call.Call.StaticCallee()
	if callee == nil || depth > 3 {
		return false
	}
	if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "net/http" {
		return obj.Name() != "Head" // a HEAD response's Body is http.NoBody
	}
	if callee.Pkg == nil || callee.Pkg.Pkg != pkg || callee.Blocks == nil {
		return false
	}
	found := false
	for _, b := range callee.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || j >= len(ret.Results) {
			continue
		}
		switch v := lifecycle.StripConversions(ret.Results[j]).(type) {
		case *ssa.Const: // nil on an error path
		case *ssa.Extract:
			inner, ok := v.Tuple.(*ssa.Call)
			if !ok || !fromHTTP(inner, v.Index, pkg, depth+1) {
				return false
			}
			found = true
		default:
			return false
		}
	}
	return found
}

// bodyLoads returns the loads of a response's Body field.
func bodyLoads(resp ssa.Value) []ssa.Value {
	var loads []ssa.Value
	for _, ref := range *resp.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || fieldName(fa) != "Body" {
			continue
		}
		for _, l := range *fa.Referrers() {
			if load, ok := l.(*ssa.UnOp); ok && load.Op == token.MUL {
				loads = append(loads, load)
			}
		}
	}
	return loads
}

func fieldName(fa *ssa.FieldAddr) string {
	st, ok := fa.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	return st.Field(fa.Field).Name()
}

func isRoundTrip(call *ssa.Call) bool {
	if call.Call.IsInvoke() {
		return call.Call.Method.Name() == "RoundTrip"
	}
	callee := call.Call.StaticCallee()
	return callee != nil && callee.Name() == "RoundTrip"
}
