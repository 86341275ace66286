package snapshotguard

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

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

// libraries, most specific interface first: a dragonboat state machine
// that is concurrent also has the methods of a regular one.
var libraries = []library{
	// "Apply and Snapshot are always called from the same thread, but
	// Apply will be called concurrently with FSMSnapshot.Persist";
	// Restore "is not called concurrently with any other command".
	{[]string{"github.com/hashicorp/raft"}, "BatchingFSM", []string{"Apply", "ApplyBatch", "Restore"}, []string{"Snapshot"}, nil},
	{[]string{"github.com/hashicorp/raft"}, "FSM", []string{"Apply", "Restore"}, []string{"Snapshot"}, nil},
	{[]string{"github.com/hashicorp/raft"}, "FSMSnapshot", nil, []string{"Release"}, []string{"Persist"}},
	// A regular IStateMachine is guarded by the library's RWMutex: its
	// Lookup and SaveSnapshot never overlap Update. The other two kinds
	// let Lookup and SaveSnapshot run during Update.
	{dragonboat, "IOnDiskStateMachine", []string{"Update", "RecoverFromSnapshot"}, []string{"Open", "Sync", "PrepareSnapshot", "Close"}, []string{"Lookup", "SaveSnapshot"}},
	{dragonboat, "IConcurrentStateMachine", []string{"Update", "RecoverFromSnapshot"}, []string{"PrepareSnapshot", "Close"}, []string{"Lookup", "SaveSnapshot"}},
	{dragonboat, "IStateMachine", []string{"Update", "RecoverFromSnapshot"}, []string{"Lookup", "SaveSnapshot", "Close"}, nil},
}

// snapshotNames are the methods that install a snapshot on a type of no
// known library that also has an apply or snapshot method (etcd-raft
// based servers, tiglabs raft, hand-rolled replication). Such libraries
// take Snapshot on a goroutine of their own.
var snapshotNames = []string{"ApplySnapshot", "Restore", "RecoverFromSnapshot", "InstallSnapshot", "LoadSnapshot"}

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
		if !c.libraryRoles(named, methods) {
			nameRoles(methods, c.roles)
		}
		c.relatedRoles(methods)
	}
	for _, fn := range c.funcs {
		if c.cfg.funcs.matches(fn) || c.annotated(fn) {
			c.roles[fn] = writer
		}
	}
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
		return true
	}
	return false
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
// names: a snapshot-installing method beside an apply or snapshot one.
func nameRoles(methods map[string]*ssa.Function, roles map[*ssa.Function]role) {
	var installs []*ssa.Function
	applies := false
	for name, fn := range methods {
		lower := strings.ToLower(name)
		if isSnapshotName(name) {
			installs = append(installs, fn)
		} else if strings.HasPrefix(lower, "apply") || lower == "snapshot" {
			applies = true
		}
	}
	if len(installs) == 0 || !applies {
		return
	}
	for _, fn := range installs {
		roles[fn] = writer
	}
	if fn := methods["Apply"]; fn != nil {
		roles[fn] = writer
	}
	if fn := methods["Snapshot"]; fn != nil {
		roles[fn] = concurrent
	}
}

// relatedRoles: on a state machine, the other methods named like its
// roles (RestoreLegacy, ApplyBatchCommands, AliasSnapshot) are called by
// the roles or by the library beside them, not by arbitrary readers.
func (c *checker) relatedRoles(methods map[string]*ssa.Function) {
	machine := false
	for _, fn := range methods {
		machine = machine || c.roles[fn] == writer
	}
	if !machine {
		return
	}
	for name, fn := range methods {
		lower := strings.ToLower(name)
		if c.roles[fn] == noRole && (strings.HasPrefix(lower, "apply") || strings.HasPrefix(lower, "restore") || strings.Contains(lower, "snapshot")) {
			c.roles[fn] = serialized
		}
	}
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
