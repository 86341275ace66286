package watchdog

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

func Slow() {}
func Quick() {}
`

func build(t *testing.T) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("example.com/p", "p"), []*ast.File{f}, 0)
	require.NoError(t, err)
	return pkg
}

// syncBuffer is written by the ticker and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestWarnsWhileRunning(t *testing.T) {
	pkg := build(t)
	var out syncBuffer
	mu.Lock()
	Output, floor, interval, slowest = &out, 50*time.Millisecond, 5*time.Millisecond, nil
	mu.Unlock()
	ssaBuilt.Store("example.com/p", time.Millisecond)

	stop := Func("closecheck", pkg.Func("Slow"))
	require.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, 5*time.Millisecond)
	stop()
	Func("closecheck", pkg.Func("Quick"))()

	msg := out.String()
	assert.Regexp(t, `^leaklint: slow: closecheck has spent \S+ on example.com/p.Slow \(package example.com/p\), over 10x the package's SSA build\n$`, msg)
	assert.Equal(t, 1, strings.Count(msg, "\n"), "one warning for Slow, none for Quick")
	slow := Slowest(1)
	require.Len(t, slow, 1)
	assert.Equal(t, Timing{"closecheck", "example.com/p.Slow", "example.com/p", slow[0].Took}, slow[0])
	assert.GreaterOrEqual(t, slow[0].Took, 50*time.Millisecond)
}

// Of nested analyses past the budget together (a function summarizing
// its callees), only the innermost is named.
func TestWarnsInnermostOnly(t *testing.T) {
	pkg := build(t)
	var out syncBuffer
	mu.Lock()
	Output, floor, interval = &out, 50*time.Millisecond, 200*time.Millisecond
	mu.Unlock()
	ssaBuilt.Store("example.com/p", time.Millisecond)

	outer := Func("leaklintaccess", pkg.Func("Slow"))
	inner := Func("leaklintaccess", pkg.Func("Quick"))
	require.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, 5*time.Millisecond)
	inner()
	outer()
	assert.Regexp(t, `^leaklint: slow: leaklintaccess has spent \S+ on example.com/p.Quick \(package example.com/p\)`, out.String())
	assert.Equal(t, 1, strings.Count(out.String(), "\n"))
}

// The budget is ten times the package's SSA build, and never less than
// the floor.
func TestBudget(t *testing.T) {
	pkg := build(t)
	floor = time.Second
	ssaBuilt.Store("example.com/p", 300*time.Millisecond)
	assert.Equal(t, 3*time.Second, budget(pkg.Func("Slow")))
	ssaBuilt.Store("example.com/p", time.Millisecond)
	assert.Equal(t, time.Second, budget(pkg.Func("Slow")))
}

// Only the slowest analyses are kept, slowest first.
func TestSlowestKept(t *testing.T) {
	pkg := build(t)
	Reset()
	for i := range 3 * keep {
		w := &watch{analyzer: "deferrelease", fn: pkg.Func("Quick"), start: time.Now().Add(-time.Duration(i) * time.Second)}
		w.stop()
	}
	got := Slowest(100)
	require.Len(t, got, keep)
	assert.GreaterOrEqual(t, got[0].Took, time.Duration(3*keep-1)*time.Second)
	assert.GreaterOrEqual(t, got[keep-1].Took, time.Duration(2*keep)*time.Second)
	for i := 1; i < len(got); i++ {
		assert.GreaterOrEqual(t, got[i-1].Took, got[i].Took)
	}
}
