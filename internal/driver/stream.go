package driver

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A stream analyses packages in memory in dependency order: each package
// is parsed, type-checked against its imports' types and analysed as soon
// as its imports are done, and then only its types and facts are kept;
// its syntax, type information, SSA form and analyzers' results are
// dropped. So a run needs the memory of the package types plus the few
// packages in flight, where x/tools' checker holds every package's syntax
// and type information at once (the floor's 3 GB on grpc), and facts are
// read where they were exported instead of being copied into every
// importing package's actions (2 of 20 s CPU on grpc).
type stream struct {
	fset     *token.FileSet
	sizes    types.Sizes
	rootSet  []*analysis.Analyzer // run on the packages named, requirements first
	depSet   []*analysis.Analyzer // run on their dependencies: those with facts
	factsOf  map[*analysis.Analyzer]map[reflect.Type]bool
	owners   sync.Map // *types.Package → *unit
	times    *timings
	findings chan *Finding
}

// A unit is one package of the run: its metadata, and once analysed, its
// types and the facts exported about it.
type unit struct {
	pkg       *packages.Package
	root      bool
	types     *types.Package
	illTyped  bool
	imports   []*unit
	importers []*unit
	waiting   atomic.Int32 // imports not yet analysed
	errs      []error      // analyzers' errors, on roots
	objFacts  map[objFactKey]analysis.Fact
	pkgFacts  map[reflect.Type]analysis.Fact
}

type objFactKey struct {
	obj types.Object
	t   reflect.Type
}

// streamLoadMode is the metadata go list gives: no syntax, no types.
const streamLoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule

// analyzeStream runs analyzers over roots and every package they import,
// and returns the roots' findings and the analyzers' errors on them.
func analyzeStream(analyzers []*analysis.Analyzer, roots []*packages.Package, times *timings) ([]*Finding, map[*packages.Package][]error) {
	s := &stream{fset: token.NewFileSet(), sizes: targetSizes(), times: times, factsOf: map[*analysis.Analyzer]map[reflect.Type]bool{}}
	s.rootSet, s.depSet = s.plan(analyzers)
	units := s.graph(roots)
	s.findings = make(chan *Finding, 64)
	var findings []*Finding
	collected := make(chan struct{})
	go func() {
		for f := range s.findings {
			findings = append(findings, f)
		}
		close(collected)
	}()
	s.schedule(units)
	close(s.findings)
	<-collected
	errs := map[*packages.Package][]error{}
	for _, u := range units {
		if u.root && len(u.errs) > 0 {
			errs[u.pkg] = u.errs
		}
	}
	return findings, errs
}

// plan orders the analyzers the roots need, each after those it
// requires, and picks those the dependencies need: the ones with facts
// and what they require.
func (s *stream) plan(analyzers []*analysis.Analyzer) (roots, deps []*analysis.Analyzer) {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		roots = append(roots, a)
		s.factsOf[a] = map[reflect.Type]bool{}
		for _, f := range a.FactTypes {
			s.factsOf[a][reflect.TypeOf(f)] = true
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	needed := map[*analysis.Analyzer]bool{}
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		needed[a] = true
		for _, req := range a.Requires {
			need(req)
		}
	}
	for _, a := range roots {
		if len(a.FactTypes) > 0 {
			need(a)
		}
	}
	for _, a := range roots {
		if needed[a] {
			deps = append(deps, a)
		}
	}
	return roots, deps
}

// graph makes a unit of every package reachable from roots.
func (s *stream) graph(roots []*packages.Package) []*unit {
	byPkg := map[*packages.Package]*unit{}
	var units []*unit
	var visit func(p *packages.Package) *unit
	visit = func(p *packages.Package) *unit {
		if u := byPkg[p]; u != nil {
			return u
		}
		u := &unit{pkg: p, objFacts: map[objFactKey]analysis.Fact{}, pkgFacts: map[reflect.Type]analysis.Fact{}}
		byPkg[p] = u
		for _, imp := range p.Imports {
			iu := visit(imp)
			u.imports = append(u.imports, iu)
			iu.importers = append(iu.importers, u)
		}
		u.waiting.Store(int32(len(u.imports)))
		units = append(units, u)
		return u
	}
	for _, p := range roots {
		visit(p).root = true
	}
	return units
}

// schedule analyses every unit once its imports are, on as many workers
// as there are processors.
func (s *stream) schedule(units []*unit) {
	ready := make(chan *unit, len(units))
	for _, u := range units {
		if u.waiting.Load() == 0 {
			ready <- u
		}
	}
	var left sync.WaitGroup
	left.Add(len(units))
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for u := range ready {
				s.analyze(u)
				for _, imp := range u.importers {
					if imp.waiting.Add(-1) == 0 {
						ready <- imp
					}
				}
				left.Done()
			}
		}()
	}
	left.Wait()
	close(ready)
}

// analyze type-checks one package and runs its analyzers; what it
// built is garbage when it returns.
func (s *stream) analyze(u *unit) {
	files, info := s.check(u)
	set := s.depSet
	if u.root {
		set = s.rootSet
	}
	results := map[*analysis.Analyzer]any{}
	failed := map[*analysis.Analyzer]bool{}
	for _, a := range set {
		var err error
		if prereq := failedPrerequisite(a, failed); prereq != nil {
			err = fmt.Errorf("failed prerequisites: %s@%s", prereq.Name, u.pkg.ID)
		} else if u.illTyped && !a.RunDespiteErrors {
			err = fmt.Errorf("analysis skipped due to errors in package")
		} else {
			start := time.Now()
			results[a], err = s.run(u, a, files, info, results)
			s.times.add(a.Name, u.pkg.ID, time.Since(start))
		}
		if err != nil {
			failed[a] = true
			if u.root {
				u.errs = append(u.errs, fmt.Errorf("%s@%s: %v", a.Name, u.pkg.ID, err))
			}
		}
	}
	dropBodyScopes(u.types)
}

func failedPrerequisite(a *analysis.Analyzer, failed map[*analysis.Analyzer]bool) *analysis.Analyzer {
	for _, req := range a.Requires {
		if failed[req] {
			return req
		}
	}
	return nil
}

// run runs one analyzer on one package; a panic is its error.
func (s *stream) run(u *unit, a *analysis.Analyzer, files []*ast.File, info *types.Info, results map[*analysis.Analyzer]any) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		inputs[req] = results[req]
	}
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         s.fset,
		Files:        files,
		OtherFiles:   u.pkg.OtherFiles,
		IgnoredFiles: u.pkg.IgnoredFiles,
		Pkg:          u.types,
		TypesInfo:    info,
		TypesSizes:   s.sizes,
		TypeErrors:   u.pkg.TypeErrors,
		Module:       analysisModule(u.pkg.Module),
		ResultOf:     inputs,
		ReadFile:     os.ReadFile,
		Report: func(d analysis.Diagnostic) {
			if u.root {
				s.findings <- diagnosticFinding(s.fset, a.Name, u.pkg.ID, d)
			}
		},
	}
	s.bindFacts(pass, u)
	return a.Run(pass)
}

func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{}
	}
	return &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
}

// bindFacts gives pass its fact functions: a package's facts are read
// from the unit that exported them, which was analysed before any
// package importing it started.
func (s *stream) bindFacts(pass *analysis.Pass, u *unit) {
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		if obj.Pkg() != u.types {
			panic(fmt.Sprintf("%s exported a fact about %s, of another package", pass.Analyzer.Name, obj))
		}
		u.objFacts[objFactKey{obj, reflect.TypeOf(fact)}] = fact
	}
	mine := s.factsOf[pass.Analyzer]
	pass.ImportObjectFact = func(obj types.Object, ptr analysis.Fact) bool {
		if obj == nil || obj.Pkg() == nil || !mine[reflect.TypeOf(ptr)] {
			return false // as in x/tools' checker, an analyzer sees only its own facts
		}
		owner := s.owner(obj.Pkg(), u)
		if owner == nil {
			return false
		}
		return copyFact(owner.objFacts[objFactKey{obj, reflect.TypeOf(ptr)}], ptr)
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		u.pkgFacts[reflect.TypeOf(fact)] = fact
	}
	pass.ImportPackageFact = func(pkg *types.Package, ptr analysis.Fact) bool {
		owner := s.owner(pkg, u)
		if owner == nil || !mine[reflect.TypeOf(ptr)] {
			return false
		}
		return copyFact(owner.pkgFacts[reflect.TypeOf(ptr)], ptr)
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		var all []analysis.ObjectFact
		for _, v := range u.closure() {
			for k, f := range v.objFacts {
				if mine[k.t] {
					all = append(all, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
		}
		return all
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		var all []analysis.PackageFact
		for _, v := range u.closure() {
			for t, f := range v.pkgFacts {
				if mine[t] {
					all = append(all, analysis.PackageFact{Package: v.types, Fact: f})
				}
			}
		}
		return all
	}
}

// owner returns the unit whose types are pkg: u itself or one analysed
// before it.
func (s *stream) owner(pkg *types.Package, u *unit) *unit {
	if pkg == u.types {
		return u
	}
	if v, ok := s.owners.Load(pkg); ok {
		return v.(*unit)
	}
	return nil
}

func copyFact(fact, ptr analysis.Fact) bool {
	if fact == nil {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	return true
}

// closure returns u and every unit it imports, directly or not.
func (u *unit) closure() []*unit {
	seen := map[*unit]bool{u: true}
	list := []*unit{u}
	for i := 0; i < len(list); i++ {
		for _, imp := range list[i].imports {
			if !seen[imp] {
				seen[imp] = true
				list = append(list, imp)
			}
		}
	}
	return list
}

// check parses and type-checks a package against its imports' types,
// recording errors on the package as go/packages does.
func (s *stream) check(u *unit) ([]*ast.File, *types.Info) {
	p := u.pkg
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	if p.PkgPath == "unsafe" {
		u.types = types.Unsafe
		s.owners.Store(u.types, u)
		return nil, info
	}
	u.types = types.NewPackage(p.PkgPath, p.Name)
	s.owners.Store(u.types, u)
	files := s.parse(p)
	conf := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			for _, imp := range u.imports {
				if imp.pkg == p.Imports[path] {
					return imp.types, nil
				}
			}
			return nil, fmt.Errorf("no metadata for %s", path)
		}),
		Error: func(err error) { addError(p, err) },
		Sizes: s.sizes,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	err := types.NewChecker(conf, s.fset, u.types, info).Files(files)
	if err != nil && len(p.Errors) == 0 {
		addError(p, err)
	}
	u.illTyped = len(p.Errors) > 0
	for _, imp := range u.imports {
		u.illTyped = u.illTyped || imp.illTyped
	}
	return files, info
}

func (s *stream) parse(p *packages.Package) []*ast.File {
	var files []*ast.File
	for _, name := range p.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			addError(p, err)
			continue
		}
		f, err := parser.ParseFile(s.fset, name, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			addError(p, err)
		}
		if f != nil {
			files = append(files, f)
		}
	}
	return files
}

// addError records a parse or type error as go/packages would.
func addError(p *packages.Package, err error) {
	switch err := err.(type) {
	case scanner.ErrorList:
		for _, e := range err {
			p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
		}
	case types.Error:
		p.TypeErrors = append(p.TypeErrors, err)
		p.Errors = append(p.Errors, packages.Error{Pos: err.Fset.Position(err.Pos).String(), Msg: err.Msg, Kind: packages.TypeError})
	case *os.PathError:
		p.Errors = append(p.Errors, packages.Error{Pos: err.Path + ":1", Msg: err.Err.Error(), Kind: packages.ParseError})
	default:
		p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// targetSizes are the sizes of the architecture analysed for.
func targetSizes() types.Sizes {
	arch := os.Getenv("GOARCH")
	if arch == "" {
		arch = runtime.GOARCH
	}
	if sizes := types.SizesFor("gc", arch); sizes != nil {
		return sizes
	}
	return types.SizesFor("gc", "amd64")
}

func diagnosticFinding(fset *token.FileSet, pass, pkg string, d analysis.Diagnostic) *Finding {
	f := &Finding{Pass: pass, Package: pkg, Pos: fset.Position(d.Pos), Message: d.Message}
	if d.End.IsValid() {
		f.End = fset.Position(d.End)
	}
	for _, rel := range d.Related {
		f.Related = append(f.Related, Related{Pos: fset.Position(rel.Pos), Message: rel.Message})
	}
	return f
}
