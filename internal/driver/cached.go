package driver

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
	staticcheck "honnef.co/go/tools/config"
	"honnef.co/go/tools/lintcmd/cache"
	"honnef.co/go/tools/lintcmd/runner"
)

// The standalone command runs the passes with staticcheck's runner: it
// analyses each package with its imports loaded from the go command's
// export data and their facts from an on-disk, content-addressed cache,
// drops each package from memory once analysed, and keeps every
// package's facts and findings in the cache, so that a second run over
// unchanged packages reads them back instead of analysing anything.
//
// A cache entry is keyed by the package's files and dependencies, the
// passes run, the Go version, and a salt: the leaklint executable's hash
// and the configuration (.leaklint.yml and the passes' flags), which
// change what the passes find.

// cacheDir is where findings and facts are kept: $LEAKLINT_CACHE, or
// leaklint/ in the user's cache directory, or in the temporary directory
// where there is none (no $HOME).
func cacheDir() string {
	if dir := os.Getenv("LEAKLINT_CACHE"); dir != "" {
		return dir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "leaklint")
}

// runPasses analyses the packages matching patterns and returns the
// findings of the packages named (merged across test variants), and the
// load and type errors, each once.
func (r *run) runPasses(patterns []string) ([]*Finding, []string, error) {
	dir := cacheDir()
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, nil, err
	}
	c, err := cache.Open(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("cache %s: %v", dir, err)
	}
	defer c.Close() // trims entries unused for days
	salt, err := r.salt()
	if err != nil {
		return nil, nil, err
	}
	cache.SetSalt(salt)
	rn, err := runner.New(staticcheck.Config{}, c)
	if err != nil {
		return nil, nil, err
	}
	var times timings
	if r.timing > 0 {
		rn.Stats.PrintAnalyzerMeasurement = times.measure
	}
	results, err := rn.Run(&packages.Config{Tests: r.tests}, r.analyzers, patterns)
	if err != nil {
		return nil, nil, err
	}
	if r.timing > 0 {
		times.write(r.stderr, r.timing, "the rest read from the cache")
	}
	if len(results) == 0 {
		return nil, nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	var findings []*Finding
	var errs []string
	for _, res := range results {
		if res.Failed {
			for _, e := range res.Errors {
				errs = appendNew(errs, e.Error())
			}
			continue
		}
		if !res.Initial || res.Skipped || isTestMain(res.Package.ID, res.Package.Name) {
			continue
		}
		data, err := res.Load()
		if err != nil {
			return nil, nil, err
		}
		for _, d := range data.Diagnostics {
			findings = append(findings, finding(res.Package.ID, d))
		}
	}
	return findings, errs, nil
}

// isTestMain reports the main package go test generates for a package
// with tests: it holds no code of the user's, so it has nothing to report.
func isTestMain(id, name string) bool {
	return name == "main" && strings.HasSuffix(id, ".test")
}

func finding(pkg string, d runner.Diagnostic) *Finding {
	f := &Finding{Pass: d.Category, Package: pkg, Pos: d.Position, End: d.End, Message: d.Message}
	for _, rel := range d.Related {
		f.Related = append(f.Related, Related{Pos: rel.Position, Message: rel.Message})
	}
	return f
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// salt keys the cache by this executable and by everything configured:
// the configuration file's content and every pass's flag values.
func (r *run) salt() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	if r.cfg.Path != "" {
		data, err := os.ReadFile(r.cfg.Path)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "\nconfig %s\n%s\n", r.cfg.Path, data)
	}
	for _, a := range r.analyzers {
		a.Flags.VisitAll(func(fl *flag.Flag) {
			fmt.Fprintf(h, "%s.%s=%s\n", a.Name, fl.Name, fl.Value)
		})
	}
	return h.Sum(nil), nil
}
