package driver

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/go/loader"

	"github.com/leaklint/leaklint/internal/watchdog"
)

// timings collects how long each analyzer took on each package, for
// -timing: where a slow run spends its time. Packages read back from the
// cache take no time and are not listed.
type timings struct {
	mu   sync.Mutex
	runs []timing
}

type timing struct {
	analyzer, pkg string
	d             time.Duration
}

// measure is the runner's callback, called from many goroutines.
func (t *timings) measure(a *analysis.Analyzer, pkg *loader.PackageSpec, d time.Duration) {
	t.add(a.Name, pkg.ID, d)
}

func (t *timings) add(analyzer, pkg string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.runs = append(t.runs, timing{analyzer, pkg, d})
}

// write prints the n slowest packages (all analyzers together, with the
// slowest analyzer on each), the total per analyzer, and the n slowest
// analyses of one function.
func (t *timings) write(w io.Writer, n int, rest string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	type pkgTime struct {
		pkg     string
		total   time.Duration
		slowest timing
	}
	byPkg := map[string]*pkgTime{}
	byAnalyzer := map[string]time.Duration{}
	for _, r := range t.runs {
		p := byPkg[r.pkg]
		if p == nil {
			p = &pkgTime{pkg: r.pkg}
			byPkg[r.pkg] = p
		}
		p.total += r.d
		if r.d > p.slowest.d {
			p.slowest = r
		}
		byAnalyzer[r.analyzer] += r.d
	}
	pkgs := make([]*pkgTime, 0, len(byPkg))
	for _, p := range byPkg {
		pkgs = append(pkgs, p)
	}
	slices.SortFunc(pkgs, func(a, b *pkgTime) int { return cmp.Or(cmp.Compare(b.total, a.total), cmp.Compare(a.pkg, b.pkg)) })
	fmt.Fprintf(w, "leaklint: timing: %d packages analysed (%s)\n", len(pkgs), rest)
	for _, p := range pkgs[:min(n, len(pkgs))] {
		fmt.Fprintf(w, "  %8s  %s (slowest: %s %s)\n", p.total.Round(time.Millisecond), p.pkg, p.slowest.analyzer, p.slowest.d.Round(time.Millisecond))
	}
	names := make([]string, 0, len(byAnalyzer))
	for name := range byAnalyzer {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(byAnalyzer[b], byAnalyzer[a]), cmp.Compare(a, b)) })
	fmt.Fprintln(w, "  per analyzer, all packages:")
	for _, name := range names {
		fmt.Fprintf(w, "  %8s  %s\n", byAnalyzer[name].Round(time.Millisecond), name)
	}
	fmt.Fprintln(w, "  slowest functions:")
	for _, f := range watchdog.Slowest(n) {
		fmt.Fprintf(w, "  %8s  %s %s\n", f.Took.Round(time.Microsecond), f.Analyzer, f.Func)
	}
}
