package driver

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A run without the cache loads every package from source and analyses
// them in memory with x/tools' checker, keeping nothing. Where the cache
// is empty this is the faster way: staticcheck's runner type-checks each
// package against its imports' export data, which the go command must
// first compile, and writes and reads back every dependency's facts once
// per package importing it (2 to 3 times the cost of loading and building
// SSA for grpc, against 1.1 to 1.5 in memory; docs/accuracy.md). So by
// default (-cache=auto) the first run on a machine, with no cache
// directory yet, runs in memory and creates the directory; later runs
// fill the cache and then read it back.

// useCache decides how this run analyses: through the cache, or in
// memory (creating the cache directory for next time under -cache=auto).
func (r *run) useCache() (bool, error) {
	switch r.cache {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	dir := cacheDir()
	if _, err := os.Stat(dir); err == nil {
		return true, nil
	}
	return false, os.MkdirAll(dir, 0o777)
}

// runInMemory is runPasses without the cache.
func (r *run) runInMemory(patterns []string) ([]*Finding, []string, error) {
	pkgs, err := packages.Load(&packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: r.tests,
	}, patterns...)
	if err != nil {
		return nil, nil, err
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if !isTestMain(p.ID, p.Name) {
			roots = append(roots, p)
		}
	}
	if len(roots) == 0 {
		return nil, nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	errs := loadErrors(roots)
	graph, err := checker.Analyze(r.analyzers, roots, &checker.Options{})
	if err != nil {
		return nil, nil, err
	}
	var times timings
	var findings []*Finding
	for act := range graph.All() {
		times.add(act.Analyzer.Name, act.Package.ID, act.Duration)
		if !act.IsRoot {
			continue
		}
		// With load errors reported, the analyses they stopped (here or
		// in the packages importing the broken ones) say nothing more.
		if act.Err != nil && len(errs) == 0 {
			errs = appendNew(errs, fmt.Sprintf("leaklint: %s: %v", act, act.Err))
		}
		for _, d := range act.Diagnostics {
			findings = append(findings, checkerFinding(act, d))
		}
	}
	if r.timing > 0 {
		times.write(r.stderr, r.timing, "in memory, nothing cached")
	}
	return findings, errs, nil
}

// loadErrors lists each package's load and type errors once.
func loadErrors(pkgs []*packages.Package) []string {
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = appendNew(errs, e.Error())
		}
	})
	return errs
}

func checkerFinding(act *checker.Action, d analysis.Diagnostic) *Finding {
	fset := act.Package.Fset
	f := &Finding{Pass: act.Analyzer.Name, Package: act.Package.ID, Pos: fset.Position(d.Pos), Message: d.Message}
	if d.End.IsValid() {
		f.End = fset.Position(d.End)
	}
	for _, rel := range d.Related {
		f.Related = append(f.Related, Related{Pos: fset.Position(rel.Pos), Message: rel.Message})
	}
	return f
}
