package driver

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/packages"
)

// A run without the cache loads the packages' metadata from go list and
// analyses them in memory as a stream (see stream), keeping nothing on
// disk. Where the cache is empty this is the faster way: staticcheck's
// runner type-checks each package against its imports' export data,
// which the go command must first compile, and writes and reads back
// every dependency's facts once per package importing it (1.2 to 2.7
// times the floor's time on the corpus, against 0.75 to 1.22 for the
// stream, whose memory stays within 2 times staticcheck's;
// docs/accuracy.md). So by default (-cache=auto) the first run on a
// machine, with no cache directory yet, runs in memory and creates the
// directory; later runs fill the cache and then read it back.

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

// runInMemory is runPasses without the cache: go list gives the
// packages, and a stream analyses them (see stream).
func (r *run) runInMemory(patterns []string) ([]*Finding, []string, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: streamLoadMode, Tests: r.tests}, patterns...)
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
	var times timings
	findings, failures := analyzeStream(r.analyzers, roots, &times)
	// With load errors reported, the analyses they stopped (here or in
	// the packages importing the broken ones) say nothing more.
	errs := loadErrors(roots)
	if len(errs) == 0 {
		for _, p := range roots {
			for _, err := range failures[p] {
				errs = appendNew(errs, fmt.Sprintf("leaklint: %v", err))
			}
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
