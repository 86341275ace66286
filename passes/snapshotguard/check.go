package snapshotguard

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/access"
	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/locks"
	"github.com/leaklint/leaklint/internal/report"
	"github.com/leaklint/leaklint/internal/watchdog"
)

// A write is a writer's access that changes a field.
type write struct {
	fn *ssa.Function
	access.Access
}

// check pairs every field the writers change with the accesses of the
// functions that can run meanwhile.
func (c *checker) check() {
	var writers []*ssa.Function
	for _, fn := range c.funcs {
		if c.roles[fn] == writer {
			writers = append(writers, fn)
		}
	}
	writes := c.writesByField(writers)
	if len(writes) == 0 {
		return
	}
	reported := make(map[token.Pos]bool)
	for _, r := range c.readers(writers) {
		c.checkReader(r, writes, reported)
	}
}

func (c *checker) writesByField(writers []*ssa.Function) map[string][]write {
	writes := make(map[string][]write)
	for _, fn := range writers {
		req := c.tab.Requires(fn)
		for _, a := range c.tab.Of(fn).Accesses {
			if a.Kind.Writes() && a.Pos().IsValid() {
				a.Locks = access.Union(a.Locks, req)
				writes[a.Field] = append(writes[a.Field], write{fn, a})
			}
		}
	}
	return writes
}

// checkReader reports the first unguarded write each access of r meets.
func (c *checker) checkReader(rd reader, writes map[string][]write, reported map[token.Pos]bool) {
	defer lifecycle.SkipOnPanic()
	defer watchdog.Func("snapshotguard", rd.fn)()
	r := rd.fn
	req := c.tab.Requires(r)
	for _, a := range c.tab.Of(r).Accesses {
		ws := writes[a.Field]
		if len(ws) == 0 || !a.Pos().IsValid() || !rd.ownArgs && throughArgument(r, a) {
			continue
		}
		a.Locks = access.Union(a.Locks, req)
		for _, w := range ws {
			if w.fn == r || otherMachine(r, w, ws) {
				continue
			}
			if v := c.judge(w, a, ws); v.kind != safe {
				c.report(v, w, r, a, ws, reported)
				break
			}
		}
	}
}

// throughArgument reports an access reached from a parameter other than
// a method's receiver.
func throughArgument(fn *ssa.Function, a access.Access) bool {
	if fn.Signature.Recv() != nil {
		return a.Param >= 1
	}
	return a.Param >= 0
}

// machine is the type a method belongs to: a writer's state machine.
func machine(fn *ssa.Function) *types.Named {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return lifecycle.ReceiverNamed(fn.Signature)
}

// otherMachine: fields are matched by type, not by value, so two state
// machines over one store type share its fields. A method of one of them
// runs beside its own writers, not beside the other machine's.
func otherMachine(r *ssa.Function, w write, ws []write) bool {
	mine := machine(r)
	if mine == nil || mine == machine(w.fn) {
		return false
	}
	return slices.ContainsFunc(ws, func(x write) bool { return machine(x.fn) == mine })
}

type verdictKind uint8

const (
	safe         verdictKind = iota
	unlockedRead             // the read holds no mutex the write holds
	underRLock               // the write holds only a read lock the reader holds too
	unguarded                // the write lacks the mutex that guards the field elsewhere
)

type verdict struct {
	kind      verdictKind
	lock      access.Lock // the mutex concerned
	annotated bool        // named by //leaklint:guardedby
	other     *write      // for unguarded: a write that holds the mutex
}

// judge decides whether a write and an access of the same field can
// overlap: they cannot when both hold one mutex and one of them holds it
// for writing, or when both are atomic.
func (c *checker) judge(w write, a access.Access, ws []write) verdict {
	if w.Atomic && a.Atomic {
		return verdict{}
	}
	if g := c.tab.GuardOf(a.Field); g != "" {
		l := access.Lock{Path: g, Name: sibling(w.Name, g), Mode: locks.Write}
		switch {
		case w.Holds(g) != locks.Write:
			return verdict{kind: unguarded, lock: l, annotated: true}
		case a.Holds(g) == 0:
			return verdict{kind: unlockedRead, lock: l, annotated: true}
		}
		return verdict{}
	}
	for _, l := range w.Locks {
		if m := a.Holds(l.Path); m != 0 && (l.Mode == locks.Write || m == locks.Write) {
			return verdict{}
		}
	}
	for _, l := range w.Locks {
		if l.Mode == locks.Read && a.Holds(l.Path) != 0 {
			return verdict{kind: underRLock, lock: l}
		}
	}
	for _, l := range a.Locks {
		for i := range ws {
			if ws[i].fn != w.fn && ws[i].Holds(l.Path) == locks.Write {
				return verdict{kind: unguarded, lock: l, other: &ws[i]}
			}
		}
	}
	return verdict{kind: unlockedRead}
}

// report reports at the read, or at the write when the write is the one
// out of line (under a read lock, or without the mutex the others hold).
func (c *checker) report(v verdict, w write, r *ssa.Function, a access.Access, ws []write, reported map[token.Pos]bool) {
	at, other := a.Pos(), w.Pos()
	var msg string
	switch v.kind {
	case unlockedRead:
		msg = c.readMessage(v, w, a, ws)
	case underRLock:
		at, other = w.Pos(), a.Pos()
		_, infinitive := accessVerbs(a)
		msg = fmt.Sprintf("%s %s %s%s holding only %s.RLock, and %s %s it under %s.RLock at %s: a read lock does not keep readers out; take %s.Lock",
			report.FuncName(w.fn), verb(w, ws), w.Name, via(w, ws), v.lock.Name, report.FuncName(r), infinitive+"s", v.lock.Name, c.src.Where(a.Pos()), v.lock.Name)
	case unguarded:
		at, other = w.Pos(), a.Pos()
		msg = c.unguardedMessage(v, w, r, a, ws)
	}
	if reported[at] {
		return
	}
	reported[at] = true
	c.out.Report(analysis.Diagnostic{
		Pos:     at,
		Message: "snapshotguard: " + msg,
		Related: []analysis.RelatedInformation{{Pos: other, Message: "the other access"}},
	})
}

func (c *checker) readMessage(v verdict, w write, a access.Access, ws []write) string {
	written, _ := accessVerbs(a)
	subject := a.Name + " is " + written
	if a.Via != "" {
		subject += " through " + a.Via
	}
	held := "without a lock"
	switch {
	case v.annotated:
		held = "without " + v.lock.Name + ", which guards it"
	case len(a.Locks) > 0:
		held = "holding only " + access.FormatLocks(a.Locks, ".RLock", ", ")
	}
	msg := fmt.Sprintf("%s %s, but %s (%s) %s it%s", subject, held, report.FuncName(w.fn), c.src.Where(w.Pos()), verb(w, ws), via(w, ws))
	if l, ok := writeLock(w); ok || v.annotated {
		if v.annotated {
			l = v.lock
		}
		return msg + fmt.Sprintf("; hold %s (RLock) here, as %s holds it", l.Name, report.FuncName(w.fn))
	}
	return msg + fmt.Sprintf("; guard it with one mutex: Lock in %s, RLock here", report.FuncName(w.fn))
}

func (c *checker) unguardedMessage(v verdict, w write, r *ssa.Function, a access.Access, ws []write) string {
	msg := fmt.Sprintf("%s %s %s%s without %s", report.FuncName(w.fn), verb(w, ws), w.Name, via(w, ws), v.lock.Name)
	if v.annotated {
		msg += ", which guards it (//leaklint:guardedby)"
	} else {
		_, infinitive := accessVerbs(a)
		msg += fmt.Sprintf(", which %s holds to change it at %s and %s holds to %s it at %s",
			report.FuncName(v.other.fn), c.src.Where(v.other.Pos()), report.FuncName(r), infinitive, c.src.Where(a.Pos()))
	}
	return msg + "; take " + v.lock.Name + ".Lock"
}

// writeLock returns a mutex the write holds for writing.
func writeLock(w write) (access.Lock, bool) {
	for _, l := range w.Locks {
		if l.Mode == locks.Write {
			return l, true
		}
	}
	return access.Lock{}, false
}

// accessVerbs are "read" and "read", or "written" and "write".
func accessVerbs(a access.Access) (participle, infinitive string) {
	if a.Kind == access.Read || a.Kind == access.Fill {
		return "read", "read"
	}
	return "written", "write"
}

// verb says what a writer does to a field, all its writes together: a
// Close and an Open replace it.
func verb(w write, ws []write) string {
	kinds := make(map[access.Kind]bool)
	for _, o := range ws {
		if o.fn == w.fn && o.Field == w.Field {
			kinds[o.Kind] = true
		}
	}
	switch {
	case kinds[access.Close] && len(kinds) > 1:
		return "replaces"
	case kinds[access.Close]:
		return "closes"
	case kinds[access.Assign]:
		return "assigns"
	case kinds[access.Update]:
		return "updates"
	}
	return "fills"
}

// via names the calls a writer changes the field through: "through
// Store.Close/Open".
func via(w write, ws []write) string {
	var vias []string
	for _, o := range ws {
		if o.fn == w.fn && o.Field == w.Field && o.Via != "" && !slices.Contains(vias, o.Via) {
			vias = append(vias, o.Via)
		}
	}
	if len(vias) == 0 {
		return ""
	}
	typ, _, _ := strings.Cut(vias[0], ".")
	short := []string{vias[0]}
	for _, v := range vias[1:] {
		if t, m, ok := strings.Cut(v, "."); ok && t == typ {
			v = m
		}
		short = append(short, v)
	}
	return " through " + strings.Join(short, "/")
}

// sibling names a mutex field the way name names its guarded sibling:
// "f.state" and "p.FSM.mu" give "f.mu".
func sibling(name, mutexPath string) string {
	mu := locks.LastField(mutexPath)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i+1] + mu
	}
	return mu
}
