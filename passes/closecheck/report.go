package closecheck

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// report emits one diagnostic per leaked resource, at the acquisition,
// naming the first leaking exit and listing the others as related.
func (ch *checker) report(fn *ssa.Function, acq acquisition, leaks []lifecycle.Leak, handedOn bool) {
	sort.Slice(leaks, func(i, j int) bool { return report.LeakPos(fn, leaks[i]) < report.LeakPos(fn, leaks[j]) })
	first := leaks[0]
	name, assign := ch.src.ResultName(acq.call, acq.result)
	what := name
	switch {
	case acq.stream:
		what = "stream " + name
	case acq.body && report.IsIdent(name):
		what = name + ".Body"
	case acq.body:
		what = "the body of " + name
	}
	src := report.SourceName(acq.call)
	if !strings.HasPrefix(name, "the result of ") {
		what += " (from " + src + ")"
	}
	var msg string
	switch {
	case first.Loop:
		msg = fmt.Sprintf("closecheck: %s is not %s before the loop reaches %s again%s; %s it before the loop continues",
			what, ch.verb(acq), src, ch.src.ViaPath(first), map[bool]string{false: "close", true: "release"}[acq.stream])
	default:
		msg = fmt.Sprintf("closecheck: %s is not %s on the path returning at %s",
			what, ch.verb(acq), ch.src.Where(report.LeakPos(fn, first)))
	}
	d := analysis.Diagnostic{Pos: acq.call.Pos(), Message: msg + ch.advice(acq, name, first, handedOn)}
	for _, l := range leaks[1:] {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     report.LeakPos(fn, l),
			Message: fmt.Sprintf("%s is also not %s on this path", name, ch.verb(acq)),
		})
	}
	if fix, ok := ch.deferFix(acq, name, assign, handedOn, first.Loop); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	ch.out.Report(d)
}

func (ch *checker) verb(acq acquisition) string {
	if acq.stream || ch.configured(acq) != nil {
		return "released"
	}
	return "closed"
}

// configured returns the release methods a configuration names for the
// resource's type, if any.
func (ch *checker) configured(acq acquisition) []string {
	return ch.policy.typeReleases(acq.call.Call.Signature().Results().At(acq.result).Type())
}

// oneOfSeveral reports a configured type released by any of several
// methods (Commit or Rollback): which one belongs in a defer is the
// author's call, so the advice names them all and proposes no fix.
func (ch *checker) oneOfSeveral(acq acquisition) bool { return len(ch.configured(acq)) > 1 }

func (ch *checker) advice(acq acquisition, name string, first lifecycle.Leak, handedOn bool) string {
	switch {
	case acq.stream && acq.closeSent:
		return "; CloseSend does not release a stream: cancel its context, receive until a non-nil error, or close its connection"
	case acq.stream:
		return "; cancel its context (defer cancel()), receive until a non-nil error, or close its connection"
	case first.Loop:
		return ""
	case ch.oneOfSeveral(acq):
		return "; call " + strings.Join(ch.configured(acq), " or ") + " on that path too"
	case !handedOn && report.IsIdent(name):
		return fmt.Sprintf("; add \"defer %s.%s()\" after the error check", closed(acq, name), ch.releaseMethod(acq))
	default:
		return "; close it on that path too"
	}
}

func (ch *checker) reportDiscarded(acq acquisition) {
	ch.out.Report(analysis.Diagnostic{
		Pos: acq.call.Pos(),
		Message: fmt.Sprintf("closecheck: the %s returned by %s is discarded and never %s; assign it and %s",
			typeName(acq), report.SourceName(acq.call), ch.verb(acq), map[bool]string{
				false: "defer its " + map[bool]string{false: "", true: "Body's "}[acq.body] + ch.releaseMethod(acq),
				true:  "drain or cancel it",
			}[acq.stream]),
	})
}

// releaseMethod returns the first configured release method the resource's
// type has.
func (ch *checker) releaseMethod(acq acquisition) string {
	t := acq.call.Call.Signature().Results().At(acq.result).Type()
	if acq.body {
		return "Close"
	}
	if ms := ch.policy.typeReleases(t); ms != nil {
		return ms[0]
	}
	for _, m := range ch.policy.release {
		if lifecycle.HasMethod(t, m) {
			return m
		}
	}
	return ch.policy.release[0]
}

func typeName(acq acquisition) string {
	t := acq.call.Call.Signature().Results().At(acq.result).Type()
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// deferFix proposes `defer x.Close()` after the acquisition's error check,
// for a resource that is never handed on and not acquired in a loop.
func (ch *checker) deferFix(acq acquisition, name string, assign ast.Stmt, handedOn, loop bool) (analysis.SuggestedFix, bool) {
	if acq.stream || handedOn || loop || !report.IsIdent(name) || ch.oneOfSeveral(acq) {
		return analysis.SuggestedFix{}, false
	}
	return ch.src.DeferAfter(assign, "defer "+closed(acq, name)+"."+ch.releaseMethod(acq)+"()")
}

// closed is what the release is called on: the resource, or a response's
// Body.
func closed(acq acquisition, name string) string {
	if acq.body {
		return name + ".Body"
	}
	return name
}
