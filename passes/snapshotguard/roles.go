package snapshotguard

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/report"
)

// A role is what a raft library does with a method of the state machine.
type role uint8

const (
	noRole role = iota
	// writer replaces or changes the replicated state: Apply, Restore,
	// ApplySnapshot.
	writer
	// serialized runs on the writers' goroutine, or under a lock the
	// library takes around the writers: hashicorp/raft's FSM.Snapshot,
	// dragonboat's Lookup of a regular state machine.
	serialized
	// concurrent runs while a writer runs: FSMSnapshot.Persist, the Lookup
	// of a concurrent dragonboat state machine, Snapshot of libraries that
	// take it on another goroutine.
	concurrent
)

// A library says how a raft library calls the methods of an interface it
// defines.
type library struct {
	pkgs                            []string
	iface                           string
	writers, serialized, concurrent []string
}

var dragonboat = []string{
	"github.com/lni/dragonboat/v4/statemachine",
	"github.com/lni/dragonboat/v3/statemachine",
	"github.com/lni/dragonboat/statemachine",
}

// fsmSnapshot is hashicorp/raft's FSMSnapshot: Persist runs beside Apply.
var fsmSnapshot = library{[]string{"github.com/hashicorp/raft"}, "FSMSnapshot", nil, []string{"Release"}, []string{"Persist"}}

// libraries, most specific interface first: a dragonboat state machine
// that is concurrent also has the methods of a regular one.
var libraries = []library{
	// "Apply and Snapshot are always called from the same thread, but
	// Apply will be called concurrently with FSMSnapshot.Persist";
	// Restore "is not called concurrently with any other command".
	{[]string{"github.com/hashicorp/raft"}, "BatchingFSM", []string{"Apply", "ApplyBatch", "Restore"}, []string{"Snapshot"}, nil},
	{[]string{"github.com/hashicorp/raft"}, "FSM", []string{"Apply", "Restore"}, []string{"Snapshot"}, nil},
	fsmSnapshot,
	// A regular IStateMachine is guarded by the library's RWMutex: its
	// Lookup and SaveSnapshot never overlap Update. The other two kinds
	// let Lookup and SaveSnapshot run during Update.
	{dragonboat, "IOnDiskStateMachine", []string{"Update", "RecoverFromSnapshot"}, []string{"Open", "Sync", "PrepareSnapshot", "Close"}, []string{"Lookup", "SaveSnapshot"}},
	{dragonboat, "IConcurrentStateMachine", []string{"Update", "RecoverFromSnapshot"}, []string{"PrepareSnapshot", "Close"}, []string{"Lookup", "SaveSnapshot"}},
	{dragonboat, "IStateMachine", []string{"Update", "RecoverFromSnapshot"}, []string{"Lookup", "SaveSnapshot", "Close"}, nil},
}

// snapshotNames are the methods that install a snapshot on a type of no
// known library (etcd-raft based servers, tiglabs raft, hand-rolled
// replication, a store's own Restore). Such libraries take Snapshot on a
// goroutine of their own.
var snapshotNames = []string{"ApplySnapshot", "Restore", "RecoverFromSnapshot", "InstallSnapshot", "LoadSnapshot"}

// rpcNames are snapshot names that are also the raft RPC a transport or a
// node sends: alone they do not make a state machine.
var rpcNames = map[string]bool{"InstallSnapshot": true}

// findRoles gives each method of the package's state machines its role.
func (c *checker) findRoles() {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(named) {
			continue
		}
		methods := c.methodsOf(named)
		library := c.libraryRoles(named, methods)
		if !library {
			nameRoles(methods, c.roles)
		}
		if c.relatedRoles(methods, library) {
			c.machines[named] = true
			c.outside[named] = c.drivenFromOutside(methods)
		}
	}
	for _, fn := range c.funcs {
		if c.cfg.funcs.matches(fn) || c.annotated(fn) {
			c.roles[fn] = writer
		}
	}
}

// drivenFromOutside: a state machine with an exported writer (Restore) is
// driven by other packages, through an interface when its type is not
// exported; one whose writers are unexported is driven by its own
// package's loop (a raft library's own node).
func (c *checker) drivenFromOutside(methods map[string]*ssa.Function) bool {
	for name, fn := range methods {
		if c.roles[fn] == writer && token.IsExported(name) {
			return true
		}
	}
	return false
}

// methodsOf maps the names of the methods a type declares here to their
// functions.
func (c *checker) methodsOf(named *types.Named) map[string]*ssa.Function {
	methods := make(map[string]*ssa.Function)
	for i := range named.NumMethods() {
		m := named.Method(i)
		if fn := c.byObj[m]; fn != nil {
			methods[m.Name()] = fn
		}
	}
	return methods
}

// libraryRoles assigns roles for the first library interface the type
// implements, and reports whether there was one.
func (c *checker) libraryRoles(named *types.Named, methods map[string]*ssa.Function) bool {
	ptr := types.NewPointer(named)
	for _, lib := range libraries {
		iface := c.libraryInterface(lib)
		if iface == nil || !types.Implements(ptr, iface) {
			continue
		}
		for r, names := range map[role][]string{writer: lib.writers, serialized: lib.serialized, concurrent: lib.concurrent} {
			for _, n := range names {
				if fn := methods[n]; fn != nil {
					c.roles[fn] = r
				}
			}
		}
		if lib.iface == "FSM" || lib.iface == "BatchingFSM" {
			c.selfSnapshot(ptr, methods)
		}
		return true
	}
	return false
}

// selfSnapshot handles an FSM that is its own FSMSnapshot: when Snapshot
// returns a copy it allocates, Persist runs on the copy, which nobody
// else has; when it returns the live state machine, Persist reads it
// beside Apply.
func (c *checker) selfSnapshot(ptr *types.Pointer, methods map[string]*ssa.Function) {
	persist := methods["Persist"]
	iface := c.libraryInterface(fsmSnapshot)
	if persist == nil || iface == nil || !types.Implements(ptr, iface) {
		return
	}
	if snap := methods["Snapshot"]; snap != nil && c.tab.Of(snap).Fresh {
		c.roles[persist] = serialized
	} else {
		c.roles[persist] = concurrent
	}
}

func (c *checker) libraryInterface(lib library) *types.Interface {
	for _, imp := range c.pass.Pkg.Imports() {
		for _, path := range lib.pkgs {
			if imp.Path() != path {
				continue
			}
			if tn, ok := imp.Scope().Lookup(lib.iface).(*types.TypeName); ok {
				if iface, ok := tn.Type().Underlying().(*types.Interface); ok {
					return iface
				}
			}
		}
	}
	return nil
}

// nameRoles recognises a state machine of no known library by its method
// names. An exported snapshot method (Restore, ApplySnapshot) makes the
// type one, with or without an apply method: other packages drive it (a
// store's Restore behind an interface). An unexported one (etcd's
// applySnapshot), or InstallSnapshot, needs an apply or snapshot method
// beside it: alone it is as often a constructor's helper or an RPC. On a
// state machine, Apply and the exported RestoreXxx methods (RestoreAliases)
// write too.
func nameRoles(methods map[string]*ssa.Function, roles map[*ssa.Function]role) {
	var installs []*ssa.Function
	alone, companion := false, false
	for name, fn := range methods {
		lower := strings.ToLower(name)
		switch {
		case isSnapshotName(name):
			installs = append(installs, fn)
			alone = alone || token.IsExported(name) && !rpcNames[name]
		case strings.HasPrefix(lower, "apply") || lower == "snapshot":
			companion = true
		}
	}
	if len(installs) == 0 || !alone && !companion {
		return
	}
	for name, fn := range methods {
		if rest, ok := strings.CutPrefix(name, "Restore"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
			installs = append(installs, fn)
		}
	}
	for _, fn := range installs {
		roles[fn] = writer
	}
	if fn := methods["Apply"]; fn != nil {
		roles[fn] = writer
	}
}

// relatedRoles: on a state machine, the other methods named like its
// roles are called by the roles or by the library beside them, not by
// arbitrary readers (ApplyBatchCommands, PrepareSnapshot), but for those
// of a machine of no known library that produce a snapshot (Snapshot,
// AliasSnapshot): such libraries take and persist it on a goroutine of
// their own, while the writers run. It reports whether the methods are a
// state machine's.
func (c *checker) relatedRoles(methods map[string]*ssa.Function, library bool) bool {
	machine := false
	for _, fn := range methods {
		machine = machine || c.roles[fn] == writer
	}
	if !machine {
		return false
	}
	for name, fn := range methods {
		if c.roles[fn] != noRole {
			continue
		}
		lower := strings.ToLower(name)
		switch {
		case !library && producesSnapshot(name, fn):
			c.roles[fn] = concurrent
		case strings.HasPrefix(lower, "apply") || strings.HasPrefix(lower, "restore") || strings.Contains(lower, "snapshot"):
			c.roles[fn] = serialized
		}
	}
	return true
}

// producesSnapshot matches an exported Snapshot or XxxSnapshot method
// with results: it encodes the state for a snapshot.
func producesSnapshot(name string, fn *ssa.Function) bool {
	return token.IsExported(name) && strings.HasSuffix(name, "Snapshot") && fn.Signature.Results().Len() > 0 &&
		!strings.HasPrefix(name, "Apply") && !strings.HasPrefix(name, "Prepare")
}

// isSnapshotName matches the names of snapshotNames, exported or not
// (etcd's applySnapshot).
func isSnapshotName(name string) bool {
	for _, n := range snapshotNames {
		if name == n || strings.ToLower(n[:1])+n[1:] == name {
			return true
		}
	}
	return false
}

// annotated reports a function whose doc comment says //leaklint:snapshot.
func (c *checker) annotated(fn *ssa.Function) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return false
	}
	for _, cm := range decl.Doc.List {
		if strings.HasPrefix(cm.Text, "//leaklint:snapshot") {
			return true
		}
	}
	return false
}

// funcList is the -snapshotguard.funcs flag: more functions that replace
// state, as Name, Type.Name, pkg/path.Type.Name or (*pkg/path.Type).Name.
type funcList []string

func (l *funcList) String() string { return strings.Join(*l, ",") }

func (l *funcList) Set(s string) error {
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		key := report.NormalizeFuncKey(item)
		if !validKey(key) {
			return errBadFunc(item)
		}
		*l = append(*l, key)
	}
	return nil
}

type errBadFunc string

func (e errBadFunc) Error() string {
	return "not a function name " + string(e) + ": want Name, Type.Name or (*pkg/path.Type).Name"
}

func validKey(k string) bool {
	slash := strings.LastIndex(k, "/")
	parts := strings.Split(k[slash+1:], ".")
	if len(parts) > 3 || parts[0] == "" || slash >= 0 && len(parts) < 2 {
		return false
	}
	for _, p := range parts[1:] {
		if !token.IsIdentifier(p) {
			return false
		}
	}
	return len(parts) > 1 || token.IsIdentifier(parts[0])
}

// matches reports whether fn is one of the configured functions.
func (l funcList) matches(fn *ssa.Function) bool {
	if len(l) == 0 || fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	short := fn.Name() // Name, or Type.Name for a method
	if n := lifecycle.ReceiverNamed(fn.Signature); n != nil {
		short = n.Obj().Name() + "." + short
	}
	full := lifecycle.FuncKey(obj.Origin())
	for _, k := range l {
		if k == fn.Name() || k == short || k == full {
			return true
		}
	}
	return false
}
