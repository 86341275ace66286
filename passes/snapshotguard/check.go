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
// functions that can run meanwhile, and reports each race once per field
// and writer.
func (c *checker) check() {
	var writers []*ssa.Function
	for _, fn := range c.funcs {
		if c.roles[fn] == writer {
			writers = append(writers, fn)
		}
	}
	c.writes = c.writesByField(writers)
	if len(c.writes) == 0 {
		return
	}
	var races []race
	for _, r := range c.readers(writers) {
		races = c.checkReader(r, races)
	}
	reported := make(map[token.Pos]bool)
	for _, group := range groupRaces(races) {
		c.report(group, reported)
	}
}

// writesByField collects the writes of the replicated state: not those
// reached from package-level variables (statistics, logging), nor those
// made inside a callee that locks a mutex of its own on other paths.
func (c *checker) writesByField(writers []*ssa.Function) map[string][]write {
	writes := make(map[string][]write)
	for _, fn := range writers {
		req := c.tab.Requires(fn)
		for _, a := range c.tab.Of(fn).Accesses {
			if !a.Kind.Writes() || !a.Pos().IsValid() || a.Global || a.SelfLocked && a.Depth > 0 {
				continue
			}
			a.Locks = access.Union(a.Locks, req)
			writes[a.Field] = append(writes[a.Field], write{fn, a})
		}
	}
	return writes
}

// A race is an access of a reader that can overlap a write.
type race struct {
	v verdict
	w write
	r *ssa.Function
	a access.Access
}

// atWrite: the write is the one out of line, and the finding is there.
func (r *race) atWrite() bool { return r.v.kind != unlockedRead }

// checkReader adds the first unguarded write each access of r meets.
func (c *checker) checkReader(rd reader, races []race) []race {
	defer lifecycle.SkipOnPanic()
	defer watchdog.Func("snapshotguard", rd.fn)()
	r := rd.fn
	req := c.tab.Requires(r)
	for _, a := range c.tab.Of(r).Accesses {
		ws := c.writes[a.Field]
		if len(ws) == 0 || !a.Pos().IsValid() || !rd.ownArgs && throughArgument(r, a) {
			continue
		}
		a.Locks = access.Union(a.Locks, req)
		for _, w := range ws {
			if w.fn == r || c.otherMachine(r, w, ws) {
				continue
			}
			if v := c.judge(w, a, ws); v.kind != safe {
				races = append(races, race{v, w, r, a})
				break
			}
		}
	}
	return races
}

// groupRaces gathers the races on one field with one writer, the one to
// report first: a write out of line, else the most direct read, earliest
// in the source.
func groupRaces(races []race) [][]race {
	type key struct {
		field  string
		writer *ssa.Function
	}
	index := make(map[key]int)
	var groups [][]race
	for _, r := range races {
		k := key{r.a.Field, r.w.fn}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	for _, g := range groups {
		slices.SortStableFunc(g, func(x, y race) int {
			if x.atWrite() != y.atWrite() {
				if x.atWrite() {
					return -1
				}
				return 1
			}
			if x.a.Depth != y.a.Depth {
				return x.a.Depth - y.a.Depth
			}
			return int(x.a.Pos() - y.a.Pos())
		})
	}
	return groups
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
func (c *checker) otherMachine(r *ssa.Function, w write, ws []write) bool {
	mine := machine(r)
	if mine == nil || mine == machine(w.fn) {
		return false
	}
	return c.machines[mine] || slices.ContainsFunc(ws, func(x write) bool { return machine(x.fn) == mine })
}

type verdictKind uint8

const (
	safe         verdictKind = iota
	unlockedRead             // the read holds no mutex the write holds
	underRLock               // the write holds only a read lock the reader holds too
	unguarded                // the write lacks the mutex that guards the field elsewhere, or its struct's mutex the reader holds
)

type verdict struct {
	kind      verdictKind
	lock      access.Lock // the mutex concerned
	annotated bool        // named by //leaklint:guardedby
	other     *write      // for unguarded: a write that holds the mutex, if one does
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
	for _, l := range a.Locks {
		if sameOwner(l.Path, a.Field) {
			l.Name, l.Mode = sibling(w.Name, l.Path), locks.Write
			return verdict{kind: unguarded, lock: l}
		}
	}
	return verdict{kind: unlockedRead}
}

// report reports a group of races once: at the read, or at the write
// when the write is the one out of line (under a read lock, or without
// the mutex the others hold), with the group's other accesses as related
// information.
func (c *checker) report(group []race, reported map[token.Pos]bool) {
	first := group[0]
	v, w, r, a, ws := first.v, first.w, first.r, first.a, c.writes[first.a.Field]
	others := otherAccesses(group)
	at, other := a.Pos(), w.Pos()
	var msg string
	switch v.kind {
	case unlockedRead:
		msg = c.readMessage(v, w, a, ws, len(others))
	case underRLock:
		at, other = w.Pos(), a.Pos()
		_, infinitive := accessVerbs(a)
		msg = fmt.Sprintf("%s %s %s%s holding only %s.RLock, and %s %s it under %s.RLock at %s%s: a read lock does not keep readers out; take %s.Lock",
			report.FuncName(w.fn), verb(w, ws), w.Name, via(w, ws), v.lock.Name, report.FuncName(r), infinitive+"s", v.lock.Name, c.src.Where(a.Pos()), andOthers(len(others)), v.lock.Name)
	case unguarded:
		at, other = w.Pos(), a.Pos()
		msg = c.unguardedMessage(v, w, r, a, ws, len(others))
	}
	if reported[at] {
		return
	}
	reported[at] = true
	related := []analysis.RelatedInformation{{Pos: other, Message: "the other access"}}
	for _, o := range others {
		_, infinitive := accessVerbs(o.a)
		related = append(related, analysis.RelatedInformation{Pos: o.a.Pos(), Message: report.FuncName(o.r) + " also " + infinitive + "s it"})
	}
	c.out.Report(analysis.Diagnostic{Pos: at, Message: "snapshotguard: " + msg, Related: related})
}

// otherAccesses are the accesses of a group besides its first, one per
// position.
func otherAccesses(group []race) []race {
	seen := map[token.Pos]bool{group[0].a.Pos(): true}
	var out []race
	for _, r := range group[1:] {
		if !seen[r.a.Pos()] {
			seen[r.a.Pos()] = true
			out = append(out, r)
		}
	}
	return out
}

// andOthers counts the readers a finding stands for besides its own.
func andOthers(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (and 1 other reader)"
	}
	return fmt.Sprintf(" (and %d other readers)", n)
}

func (c *checker) readMessage(v verdict, w write, a access.Access, ws []write, others int) string {
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
	msg := fmt.Sprintf("%s %s%s, but %s (%s) %s it%s", subject, held, andOthers(others), report.FuncName(w.fn), c.src.Where(w.Pos()), verb(w, ws), via(w, ws))
	if l, ok := writeLock(w); ok || v.annotated {
		if v.annotated {
			l = v.lock
		}
		if sameOwner(l.Path, a.Field) {
			l.Name = sibling(a.Name, l.Path) // as this function reaches it
		}
		return msg + fmt.Sprintf("; hold %s (RLock) here, as %s holds it", l.Name, report.FuncName(w.fn))
	}
	return msg + fmt.Sprintf("; guard it with one mutex: Lock in %s, RLock here", report.FuncName(w.fn))
}

func (c *checker) unguardedMessage(v verdict, w write, r *ssa.Function, a access.Access, ws []write, others int) string {
	msg := fmt.Sprintf("%s %s %s%s without %s", report.FuncName(w.fn), verb(w, ws), w.Name, via(w, ws), v.lock.Name)
	if v.annotated {
		msg += ", which guards it (//leaklint:guardedby)"
	} else {
		_, infinitive := accessVerbs(a)
		if v.other != nil {
			msg += fmt.Sprintf(", which %s holds to change it at %s and", report.FuncName(v.other.fn), c.src.Where(v.other.Pos()))
		} else {
			msg += ", which"
		}
		msg += fmt.Sprintf(" %s holds to %s it at %s%s", report.FuncName(r), infinitive, c.src.Where(a.Pos()), andOthers(others))
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

// sameOwner: a mutex of the struct that holds the field, the field's
// evident guard (s.revMu for s.currentRev): a write without it is the one
// out of line.
func sameOwner(mutexPath, field string) bool {
	i, j := strings.LastIndexByte(mutexPath, '.'), strings.LastIndexByte(field, '.')
	return i > 0 && mutexPath[:i] == field[:max(j, 0)]
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
