// Package access summarizes which struct fields each function reads and
// writes, directly or through the functions it calls, and which mutexes
// are held at each access. The summaries cross package boundaries as
// facts: "(*Store).Open assigns s.db", "(*Store).Get reads s.db under
// s.mu (RLock)". snapshotguard joins them to find state that a snapshot
// apply replaces while another goroutine reads it.
//
// Fields are named by their struct type and name (locks.Place.Path), not
// by the value they belong to: two accesses of the same field of possibly
// different values match. Accesses of values the function allocated
// (constructors, fresh locals) are left out, as are fields whose types
// synchronize themselves (sync and sync/atomic types) and fields of types
// declared in other modules.
package access

import (
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
	"github.com/leaklint/leaklint/internal/locks"
	"github.com/leaklint/leaklint/internal/suppress"
	"github.com/leaklint/leaklint/internal/watchdog"
)

// Analyzer computes the access summary of every function of a package,
// exports the non-empty ones as *Summary facts and the package's
// //leaklint:guardedby annotations as a *Guards fact, and returns a *Table.
var Analyzer = &analysis.Analyzer{
	Name:       "leaklintaccess",
	Doc:        "computes leaklint's field-access summaries (internal; reports nothing)",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(Summary), new(Guards)},
	ResultType: reflect.TypeFor[*Table](),
	Run:        run,
}

// Kind is what an access does to a field.
type Kind uint8

const (
	Read   Kind = iota + 1
	Assign      // the field replaced: f.x = v
	Update      // the map or slice it holds changed in place: f.m[k] = v, delete(f.m, k), f.s[i] = v
	Close       // Close called on it, a method of another module: the handle it holds is closed
	Fill        // its address handed to a function of another module: json.Decode(&f.x)
)

var kindNames = [...]string{Read: "reads", Assign: "assigns", Update: "updates", Close: "closes", Fill: "fills"}

func (k Kind) String() string { return kindNames[k] }

// Writes reports whether an access of this kind changes the field when
// the function is one that replaces state. Fill writes there (a Restore
// decoding into &f.state); elsewhere it is taken for a read (json.Marshal).
func (k Kind) Writes() bool { return k != Read }

// A Lock is a mutex held at an access.
type Lock struct {
	Path string // locks.Place.Path of the mutex: "example.com/p.FSM.mu"
	Name string // as the function that takes it writes it: "f.mu"
	Mode locks.Mode
}

// An Access is one field access of a function or of a callee.
type Access struct {
	Field  string // the struct type and field: "example.com/store.Store.db"
	Name   string // as written where it happens: "s.db"
	Kind   Kind
	Atomic bool   // through sync/atomic functions
	Locks  []Lock // held at the access, sorted by Path
	Via    string // the callee it happens in, as this function calls it ("Store.Open"); "" if direct
	Depth  int    // calls between the function and the access
	// Param is the parameter (0 is a method's receiver) the accessed value
	// is reached from, -2-i for the function's free variable i, -1 for
	// anything else. A caller passing a fresh value there drops the access.
	Param int
	// Global: the accessed value is reached from a package-level variable
	// (a statistics or logging singleton every function touches), not
	// from state the function's receiver or arguments own.
	Global bool
	// SelfLocked: the function the access happens in takes a mutex of its
	// own on some path but holds none here (a helper that locks only
	// when configured to): its synchronisation is its own business, not
	// that of the functions calling it.
	SelfLocked bool

	// pos is where the access happens in the function being summarized,
	// or the call that leads to it. Unexported, so not encoded: a position
	// of another package means nothing here (under go vet, facts cross
	// processes).
	pos token.Pos
}

// Pos is where the access happens in the summarized function, or the call
// that leads to it; token.NoPos for a summary read from a fact.
func (a *Access) Pos() token.Pos { return a.pos }

// Holds returns the mode in which the access holds the mutex path, or 0.
func (a *Access) Holds(path string) locks.Mode {
	for _, l := range a.Locks {
		if l.Path == path {
			return l.Mode
		}
	}
	return 0
}

// A Summary is what a function does to fields, and what it needs.
type Summary struct {
	Accesses []Access
	// Fresh: the function returns a value it allocated (a constructor);
	// accesses through that value elsewhere are of a value nobody shares.
	Fresh bool
	// Requires lists the mutexes every caller in the package holds when it
	// calls this unexported function, inferred (checklocks' +checklocks
	// annotation, without the annotation).
	Requires []Lock

	raw []byte // the encoded summary, read back and not yet parsed
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	if s.raw != nil {
		parsed := *s
		if err := parsed.parse(); err != nil {
			return "corrupt summary"
		}
		s = &parsed
	}
	var parts []string
	for _, a := range s.Accesses {
		p := a.Kind.String() + " " + a.Name
		if a.Atomic {
			p += " atomically"
		}
		if a.Via != "" {
			p += " via " + a.Via
		}
		if len(a.Locks) > 0 {
			p += " under " + FormatLocks(a.Locks, "(R)", ",")
		}
		parts = append(parts, p)
	}
	if s.Fresh {
		parts = append(parts, "fresh")
	}
	if len(s.Requires) > 0 {
		parts = append(parts, "requires "+FormatLocks(s.Requires, "(R)", ","))
	}
	return strings.Join(parts, "; ")
}

// FormatLocks names locks for a reader, those held for reading with
// readSuffix: "mu(R)" in a summary, "mu.RLock" in a message.
func FormatLocks(ls []Lock, readSuffix, sep string) string {
	var names []string
	for _, l := range ls {
		n := l.Name
		if l.Mode == locks.Read {
			n += readSuffix
		}
		names = append(names, n)
	}
	return strings.Join(names, sep)
}

func (s *Summary) empty() bool { return len(s.Accesses) == 0 && !s.Fresh && len(s.Requires) == 0 }

// maxAccesses bounds the reads, and apart the writes, of a summary: a
// function high in a call graph reaches many fields, and every fact is
// copied into every importer. Direct accesses come first and are kept;
// a deep write is not crowded out by the reads on the way to it.
const maxAccesses = 64

func bounded(accesses []Access) []Access {
	if len(accesses) <= maxAccesses {
		return accesses
	}
	var kept []Access
	reads, writes := 0, 0
	for _, a := range accesses {
		n := &reads
		if a.Kind.Writes() {
			n = &writes
		}
		if *n < maxAccesses {
			*n++
			kept = append(kept, a)
		}
	}
	return kept
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	t := newTable(pass)
	for _, fn := range ssaInfo.SrcFuncs {
		t.Of(fn)
	}
	t.inferRequires(ssaInfo.SrcFuncs)
	for _, fn := range ssaInfo.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg {
			continue
		}
		if s := exportable(t.Of(fn)); !s.empty() && (obj.Exported() || len(s.Requires) > 0) {
			pass.ExportObjectFact(obj.Origin(), s)
		}
	}
	t.trim()
	if g := t.annotatedGuards(); len(g.Fields) > 0 {
		pass.ExportPackageFact(g)
	}
	return t, nil
}

// exportable is the part of a summary other packages get: its writes, and
// the reads it makes itself or in a direct callee (an accessor: Store.Get
// reading s.db). Deeper reads would make every fact as large as the bound
// for what a reader in another package rarely reaches.
func exportable(s *Summary) *Summary {
	keep := func(a Access) bool { return a.Kind.Writes() || a.Depth <= 1 }
	if !slices.ContainsFunc(s.Accesses, func(a Access) bool { return !keep(a) }) {
		return s
	}
	out := *s
	out.Accesses = nil
	for _, a := range s.Accesses {
		if keep(a) {
			out.Accesses = append(out.Accesses, a)
		}
	}
	return &out
}

// trim drops what only the summarizing needed, and the summaries of other
// packages' functions (the driver keeps their facts): the Table lives as
// long as the run, for every package analysed.
func (t *Table) trim() {
	for fn := range t.sums {
		if !t.samePackage(fn) {
			delete(t.sums, fn)
		}
	}
	clear(t.calls)
	clear(t.escapes)
	clear(t.cells)
}

// A Table gives the summary of any function the package calls: computed
// for its own functions, read from facts for other packages'.
type Table struct {
	pass   *analysis.Pass
	module string
	sums   map[*ssa.Function]*Summary
	active map[*ssa.Function]bool
	cells  map[*ssa.Alloc]origin
	// Calls records, for each function of the package, the places that
	// call it statically, with the mutexes held there; Escapes, those
	// referred to otherwise (go statements, function values).
	calls   map[*ssa.Function][]callSite
	escapes map[*ssa.Function]bool
	guards  map[string]string  // nil until GuardOf first needs it
	files   *suppress.Reporter // which files are generated
}

type callSite struct {
	caller *ssa.Function
	held   []Lock
}

func newTable(pass *analysis.Pass) *Table {
	return &Table{
		pass:    pass,
		module:  modulePath(pass),
		sums:    make(map[*ssa.Function]*Summary),
		active:  make(map[*ssa.Function]bool),
		cells:   make(map[*ssa.Alloc]origin),
		calls:   make(map[*ssa.Function][]callSite),
		escapes: make(map[*ssa.Function]bool),
	}
}

// modulePath is the module of the package under analysis. Drivers that
// do not fill in pass.Module (staticcheck's runner) leave it to the
// go.mod above the package's files, or to the vendor/modules.txt of a
// vendored package; without module information (GOPATH mode,
// analysistest) it is the first element of the package path, which
// groups a fixture's packages the same way.
func modulePath(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Path != "" {
		return pass.Module.Path
	}
	if m := moduleOfFiles(pass); m != "" {
		return m
	}
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	return first
}

// moduleOfFiles finds the module that holds the package's files and
// whose path is a prefix of the package's path, or "".
func moduleOfFiles(pass *analysis.Pass) string {
	if len(pass.Files) == 0 {
		return ""
	}
	tf := pass.Fset.File(pass.Files[0].FileStart)
	if tf == nil {
		return ""
	}
	pkg := pass.Pkg.Path()
	dir := filepath.Dir(tf.Name())
	if root, _, vendored := strings.Cut(filepath.ToSlash(dir), "/vendor/"); vendored {
		return vendoredModule(filepath.FromSlash(root), pkg)
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			continue
		}
		if m := modfile.ModulePath(data); within(pkg, m) {
			return m
		}
		return ""
	}
	return ""
}

// vendoredModule is the longest module of root/vendor/modules.txt that
// holds the package.
func vendoredModule(root, pkg string) string {
	data, err := os.ReadFile(filepath.Join(root, "vendor", "modules.txt"))
	if err != nil {
		return ""
	}
	best := ""
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "#" && within(pkg, f[1]) && len(f[1]) > len(best) {
			best = f[1]
		}
	}
	return best
}

func within(pkg, module string) bool {
	return module != "" && (pkg == module || strings.HasPrefix(pkg, module+"/"))
}

func (t *Table) inModule(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	p := pkg.Path()
	return p == t.module || strings.HasPrefix(p, t.module+"/")
}

// Of returns fn's summary. A function whose summary is being computed
// (recursion) or that cannot be analysed summarizes as empty.
func (t *Table) Of(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if s, ok := t.sums[fn]; ok {
		return s
	}
	if t.active[fn] {
		return &Summary{}
	}
	obj, _ := fn.Object().(*types.Func)
	s := &Summary{}
	switch {
	case fn.Blocks != nil && (obj == nil || obj.Pkg() == t.pass.Pkg) && !t.generated(fn):
		t.active[fn] = true
		s = t.summarizeGuarded(fn)
		delete(t.active, fn)
	case obj != nil && obj.Pkg() != t.pass.Pkg && t.inModule(obj.Pkg()):
		if t.pass.ImportObjectFact(obj.Origin(), s) && s.parse() != nil {
			s = &Summary{}
		}
	}
	t.sums[fn] = s
	return s
}

// generated reports a function of a generated file (DeepCopy, protobuf
// getters): no state machine's state, and summarizing Kubernetes' API
// types made client-go's run three times the floor.
// The same test as the passes' (suppress): cgo's translations of the
// user's files are the user's code.
func (t *Table) generated(fn *ssa.Function) bool {
	if t.files == nil {
		t.files = suppress.For(t.pass, "leaklintaccess")
	}
	return t.files.Generated(fn.Pos())
}

// Requires returns the mutexes every caller of fn holds (see Summary).
func (t *Table) Requires(fn *ssa.Function) []Lock { return t.Of(fn).Requires }

// summarizeGuarded summarizes fn; an SSA shape not foreseen gives it the
// empty summary instead of crashing the run.
func (t *Table) summarizeGuarded(fn *ssa.Function) (s *Summary) {
	s = &Summary{}
	defer lifecycle.SkipOnPanic()
	defer watchdog.Func("leaklintaccess", fn)()
	b := &builder{t: t, fn: fn, held: locks.Analyze(fn), seen: make(map[accessKey]bool)}
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			b.visit(instr)
		}
	}
	return &Summary{Accesses: bounded(append(b.direct, b.composed...)), Fresh: t.returnsFresh(fn)}
}

// builder collects the accesses of one function.
type builder struct {
	t        *Table
	fn       *ssa.Function
	held     *locks.Held
	direct   []Access
	composed []Access
	seen     map[accessKey]bool
}

func (b *builder) visit(instr ssa.Instruction) {
	switch i := instr.(type) {
	case *ssa.UnOp:
		if i.Op == token.MUL {
			b.field(i.X, Read, false, i)
		}
	case *ssa.Store:
		b.field(i.Addr, Assign, false, i)
		if ia, ok := i.Addr.(*ssa.IndexAddr); ok {
			b.holder(ia.X, Update, i) // f.s[i] = v, f.arr[i] = v
		}
	case *ssa.MapUpdate:
		b.holder(i.Map, Update, i)
	case *ssa.Call:
		b.call(&i.Call, i)
	case *ssa.Defer:
		b.call(&i.Call, i)
	case *ssa.Go:
		b.escape(&i.Call)
	}
	for _, op := range instr.Operands(nil) {
		if f, ok := (*op).(*ssa.Function); ok && !isCallee(instr, op) {
			b.t.escapes[f] = true
		}
	}
}

// isCallee reports whether op is the function a Call or Defer calls.
func isCallee(instr ssa.Instruction, op *ssa.Value) bool {
	switch i := instr.(type) {
	case *ssa.Call:
		return op == &i.Call.Value
	case *ssa.Defer:
		return op == &i.Call.Value
	}
	return false
}

// escape marks a goroutine's function: it does not run with its
// starter's mutexes.
func (b *builder) escape(c *ssa.CallCommon) {
	if f := c.StaticCallee(); f != nil {
		b.t.escapes[f] = true
	}
}

// holder records an access to the field that holds a map or slice.
func (b *builder) holder(v ssa.Value, kind Kind, instr ssa.Instruction) {
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			b.field(x.X, kind, false, instr)
		}
	case *ssa.FieldAddr: // an array field
		b.field(x, kind, false, instr)
	}
}

// field records an access to the field whose address is addr.
func (b *builder) field(addr ssa.Value, kind Kind, atomic bool, instr ssa.Instruction) {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return
	}
	owner := namedStruct(fa.X.Type())
	if owner == nil || !b.t.inModule(owner.Obj().Pkg()) || selfSynchronized(fa.Type()) {
		return
	}
	place, ok := locks.PlaceOf(fa)
	if !ok {
		return
	}
	param, from := b.t.root(b.fn, place.Base, 0)
	if from == fresh {
		return
	}
	held := b.locksAt(instr)
	b.add(&b.direct, Access{
		Field:      place.Path(),
		Name:       placeName(place),
		Kind:       kind,
		Atomic:     atomic,
		Locks:      held,
		Param:      param,
		Global:     from == global,
		SelfLocked: len(held) == 0 && b.held.TakesAny(),
		pos:        instr.Pos(),
	})
}

// accessKey identifies an access for deduplication: one per field, kind
// and set of locks held.
type accessKey struct {
	field  string
	kind   Kind
	atomic bool
	locks  string
}

func (b *builder) add(list *[]Access, a Access) {
	key := accessKey{a.Field, a.Kind, a.Atomic, ""}
	if len(a.Locks) > 0 {
		var sb strings.Builder
		for _, l := range a.Locks {
			sb.WriteString(l.Path)
			sb.WriteByte(byte('0' + l.Mode))
		}
		key.locks = sb.String()
	}
	if b.seen[key] {
		return
	}
	b.seen[key] = true
	*list = append(*list, a)
}

// locksAt lists the mutexes held before instr, sorted by path.
func (b *builder) locksAt(instr ssa.Instruction) []Lock {
	set := b.held.At(instr)
	if len(set) == 0 {
		return nil
	}
	ls := make([]Lock, 0, len(set))
	for p, mode := range set {
		ls = append(ls, Lock{Path: p.Path(), Name: placeName(p), Mode: mode})
	}
	slices.SortFunc(ls, func(x, y Lock) int { return strings.Compare(x.Path, y.Path) })
	return ls
}

// placeName writes a place as its function does: "s.db".
func placeName(p locks.Place) string {
	if named, ok := p.Base.(interface{ Name() string }); ok && isVariable(p.Base) {
		return named.Name() + "." + p.Field
	}
	if cell, ok := p.Base.(*ssa.Alloc); ok && cell.Comment != "" && holdsPointer(cell) {
		return cell.Comment + "." + p.Field // a variable a closure captures
	}
	short := p.Owner[strings.LastIndexByte(p.Owner, '/')+1:]
	if i := strings.IndexByte(short, '.'); i >= 0 {
		short = short[i+1:]
	}
	return short + "." + locks.LastField(p.Field)
}

func isVariable(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
		return true
	}
	return false
}

// namedStruct returns the named struct type a pointer points to.
func namedStruct(ptr types.Type) *types.Named {
	p, ok := ptr.Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// selfSynchronized reports fields whose own methods synchronize: mutexes,
// wait groups, atomics (the field's address type is given).
func selfSynchronized(addr types.Type) bool {
	t := addr.Underlying().(*types.Pointer).Elem()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path := n.Obj().Pkg().Path()
	return path == "sync" || path == "sync/atomic"
}
