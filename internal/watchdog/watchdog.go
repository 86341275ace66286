// Package watchdog times the analysis of each function, so that a slow
// run says where it is slow: it warns, while the run goes on, about any
// function whose analysis has taken ten times as long as building its
// package's SSA form (and at least a second), and it keeps the slowest
// functions for the command's -timing report.
package watchdog

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Factor is how many times its package's SSA build a function's analysis
// may take before it is reported as slow, and floor the least time it is
// allowed (small packages build in a millisecond).
const Factor = 10

var floor = time.Second

// Output receives the warnings; the command leaves it at stderr.
var Output io.Writer = os.Stderr

// ssaBuilt holds how long buildssa took on each package path. buildssa
// reports nothing of the kind, so its Run is wrapped once, here; the
// wrapper only measures.
var ssaBuilt sync.Map // package path → time.Duration

func init() {
	build := buildssa.Analyzer.Run
	buildssa.Analyzer.Run = func(pass *analysis.Pass) (any, error) {
		start := time.Now()
		res, err := build(pass)
		ssaBuilt.Store(pass.Pkg.Path(), time.Since(start))
		return res, err
	}
}

// A Timing is one function's analysis by one analyzer.
type Timing struct {
	Analyzer, Func, Package string
	Took                    time.Duration
}

// keep is how many of the slowest timings are kept.
const keep = 20

var (
	mu       sync.Mutex
	running  = map[*watch]struct{}{}
	slowest  []Timing // at most keep, unsorted
	ticking  bool
	interval = 250 * time.Millisecond
)

type watch struct {
	analyzer string
	fn       *ssa.Function
	start    time.Time
	budget   time.Duration
	warned   bool
}

// Func starts timing fn's analysis by the named analyzer; call the
// function it returns when the analysis ends:
//
//	defer watchdog.Func("closecheck", fn)()
func Func(analyzer string, fn *ssa.Function) func() {
	w := &watch{analyzer: analyzer, fn: fn, start: time.Now(), budget: budget(fn)}
	mu.Lock()
	running[w] = struct{}{}
	if !ticking {
		ticking = true
		go tick()
	}
	mu.Unlock()
	return w.stop
}

// budget is how long fn's analysis may take before it is reported.
func budget(fn *ssa.Function) time.Duration {
	if fn.Pkg == nil {
		return floor
	}
	d, _ := ssaBuilt.Load(fn.Pkg.Pkg.Path())
	built, _ := d.(time.Duration)
	return max(Factor*built, floor)
}

func (w *watch) stop() {
	took := time.Since(w.start)
	mu.Lock()
	defer mu.Unlock()
	delete(running, w)
	if len(slowest) == keep {
		i := slices.IndexFunc(slowest, func(t Timing) bool { return t.Took == fastest() })
		if slowest[i].Took >= took {
			return
		}
		slowest = slices.Delete(slowest, i, i+1)
	}
	slowest = append(slowest, Timing{w.analyzer, w.fn.String(), pkgPath(w.fn), took})
}

// tick warns about running analyses past their budget, once each. A
// function's analysis that summarizes its callees on the way nests their
// watches in its own; of those past the budget together, only the one
// started last, the innermost, is named.
func tick() {
	for {
		mu.Lock()
		wait := interval
		mu.Unlock()
		time.Sleep(wait)
		mu.Lock()
		innermost := map[string]*watch{}
		for w := range running {
			if w.warned || time.Since(w.start) <= w.budget {
				continue
			}
			w.warned = true
			k := w.analyzer + " " + pkgPath(w.fn)
			if in := innermost[k]; in == nil || w.start.After(in.start) {
				innermost[k] = w
			}
		}
		for _, w := range innermost {
			fmt.Fprintf(Output, "leaklint: slow: %s has spent %s on %s (package %s), over %dx the package's SSA build\n",
				w.analyzer, time.Since(w.start).Round(time.Millisecond), w.fn, pkgPath(w.fn), Factor)
		}
		mu.Unlock()
	}
}

// fastest is the least time among the kept timings.
func fastest() time.Duration {
	return slices.MinFunc(slowest, func(a, b Timing) int { return cmp.Compare(a.Took, b.Took) }).Took
}

func pkgPath(fn *ssa.Function) string {
	if fn.Pkg == nil {
		return "(synthetic)"
	}
	return fn.Pkg.Pkg.Path()
}

// Slowest returns the n slowest function analyses since the process
// started, slowest first.
func Slowest(n int) []Timing {
	mu.Lock()
	defer mu.Unlock()
	out := slices.Clone(slowest)
	slices.SortFunc(out, func(a, b Timing) int { return cmp.Or(cmp.Compare(b.Took, a.Took), cmp.Compare(a.Func, b.Func)) })
	return out[:min(n, len(out))]
}

// Reset forgets the timings kept so far, at the start of a run.
func Reset() {
	mu.Lock()
	defer mu.Unlock()
	slowest = nil
}
