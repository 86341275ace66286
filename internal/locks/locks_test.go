package locks_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/leaklint/leaklint/internal/locks"
)

const src = `package p

import "sync"

type inner struct{ mu sync.Mutex }

type T struct {
	mu    sync.RWMutex
	in    inner
	ptr   *inner
	ch    chan int
}

var global sync.Mutex

func (t *T) deferred() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ch <- 1
}

func (t *T) released() {
	t.mu.Lock()
	t.mu.Unlock()
	t.ch <- 1
}

func (t *T) oneBranch(c bool) {
	if c {
		t.mu.Lock()
	}
	t.ch <- 1
	if c {
		t.mu.Unlock()
	}
}

func (t *T) bothBranches(c bool) {
	if c {
		t.mu.Lock()
	} else {
		t.mu.RLock()
	}
	t.ch <- 1
}

func (t *T) nested() {
	t.in.mu.Lock()
	t.ptr.mu.Lock()
	global.Lock()
	t.ch <- 1
}

func (t *T) twoSends() {
	t.ch <- 1
	t.mu.Lock()
	t.ch <- 2
	t.mu.Unlock()
	t.ch <- 3
}

func (t *T) closure() {
	t.mu.Lock()
	func() {
		t.ch <- 1
	}()
}
`

// heldAtSend returns, for each send (function#k), the mutexes held there,
// written path:mode and sorted.
func heldAtSend(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	ssaPkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, pkg, []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fns := ssautil.AllFunctions(ssaPkg.Prog)
	for fn := range fns {
		if fn.Pkg != ssaPkg {
			continue
		}
		h := locks.Analyze(fn)
		k := 0
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if send, ok := instr.(*ssa.Send); ok {
					var held []string
					for m, mode := range h.At(send) {
						held = append(held, m.Path()+"("+m.Field+"):"+map[locks.Mode]string{locks.Read: "R", locks.Write: "W"}[mode])
					}
					sort.Strings(held)
					k++
					out[fn.Name()+"#"+strconv.Itoa(k)] = strings.Join(held, " ")
				}
			}
		}
	}
	return out
}

func TestHeld(t *testing.T) {
	got := heldAtSend(t)
	want := map[string]string{
		"deferred#1":     "p.T.mu(mu):W", // a deferred unlock runs at the return
		"released#1":     "",
		"oneBranch#1":    "", // held on one path only
		"bothBranches#1": "p.T.mu(mu):R",
		"nested#1":       "p.global(global):W p.inner.mu(in.mu):W p.inner.mu(ptr.mu):W",
		"twoSends#1":     "",
		"twoSends#2":     "p.T.mu(mu):W",
		"twoSends#3":     "",
		"closure$1#1":    "", // a function literal does not inherit its caller's locks
	}
	for fn, w := range want {
		g, found := got[fn]
		if !found {
			t.Errorf("%s: no send found", fn)
		} else if g != w {
			t.Errorf("%s: held at the send = %q, want %q", fn, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d sends found, want %d: %v", len(got), len(want), got)
	}
}
