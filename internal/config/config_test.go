package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/config"
	"github.com/leaklint/leaklint/internal/fixtures"
)

const full = `# every setting
passes:
  chansend: false
exclude:
  paths: [internal/gen, "*_mock.go"]
  packages: [example.com/svc/legacy/...]
closecheck:
  release-methods: [Close, Stop]
  types:
    - type: example.com/txdb.Txn
      release: [Commit, Rollback]
deferrelease:
  pairs:
    - {acquire: "(*example.com/pool.Arena).Alloc", release: Free}
chansend:
snapshotguard:
  funcs: [Reload, "(*example.com/p.Cache).Swap"]
`

func TestParse(t *testing.T) {
	f, err := config.Parse([]byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if f.Enabled("chansend") || !f.Enabled("closecheck") {
		t.Errorf("passes: %v", f.Passes)
	}
	if got := strings.Join(f.Closecheck.ReleaseMethods, ","); got != "Close,Stop" {
		t.Errorf("release-methods: %s", got)
	}
	if got := f.Closecheck.Types; len(got) != 1 || got[0].Type != "example.com/txdb.Txn" || len(got[0].Release) != 2 {
		t.Errorf("types: %v", f.Closecheck.Types)
	}
	if p := f.Deferrelease.Pairs; len(p) != 1 || p[0].Acquire != "(*example.com/pool.Arena).Alloc" || p[0].Release != "Free" || len(f.Snapshotguard.Funcs) != 2 {
		t.Errorf("pairs %v, funcs %v", f.Deferrelease.Pairs, f.Snapshotguard.Funcs)
	}
	if len(f.Exclude.Paths) != 2 || len(f.Exclude.Packages) != 1 {
		t.Errorf("exclude: %+v", f.Exclude)
	}
	var names []string
	for _, a := range f.Analyzers() {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, ","); got != "closecheck,deferrelease,snapshotguard" {
		t.Errorf("analyzers: %s", got)
	}
}

// TestErrors: each mistake is an error naming its line and key.
func TestErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"closecheck:\n  release: [Stop]\n", `2: closecheck: unknown key "release" (known: release-methods, types)`},
		{"closecheck:\n  release-methods: Close\n", `2: closecheck.release-methods: want a list of strings, got str "Close"`},
		{"closecheck:\n  release-methods: [Close, \"Close()\"]\n", `2: closecheck.release-methods: not a method name: "Close()"`},
		{"closecheck:\n  types:\n    - {type: example.com/a.T, release: [Done]}\n    - {type: Txn, release: [Commit]}\n", `4: closecheck.types[1]: not a type name: "Txn"`},
		{"closecheck:\n  types:\n    - type: example.com/a.T\n      releases: [Done]\n", `4: closecheck.types[0]: unknown key "releases" (known: release, type)`},
		{"closecheck:\n  types: {example.com/a.T: [Done]}\n", `2: closecheck.types: want a list, got a mapping`},
		{"deferrelease:\n  pairs: {a: b}\n", `2: deferrelease.pairs: want a list, got a mapping`},
		{"deferrelease:\n  pairs:\n    - acquire: Alloc\n      release: Free\n", `3: deferrelease.pairs[0]: not a pair`},
		{"snapshotguard:\n  funcs: [a.b.c.d]\n", `2: snapshotguard.funcs: not a function name`},
		{"chansend:\n  buffer: 1\n", `2: chansend: unknown key "buffer" (chansend has no settings)`},
		{"passes:\n  closechek: false\n", `2: passes: unknown pass "closechek"`},
		{"passes:\n  closecheck: no way\n", `2: passes.closecheck: want true or false, got str "no way"`},
		{"exclude:\n  paths: [a, \"b/[\"]\n", `2: exclude.paths: bad pattern "b/["`},
		{"exclude:\n  globs: [a]\n", `2: exclude: unknown key "globs" (known: packages, paths)`},
		{"\n\nclosecheck: [a]\n", `3: closecheck: want a mapping of settings, got a list`},
		{"golangci:\n  x: 1\n", `1: unknown key "golangci"`},
		{"closecheck: {\n", `1: did not find expected node content`},
		{"- a\n", `1: want a mapping of settings`},
	} {
		_, err := config.Parse([]byte(c.src))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s...", c.src, err, c.want)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "closecheck:\n"} {
		f, err := config.Parse([]byte(src))
		if err != nil || len(f.Analyzers()) != 4 {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// TestLoad names the file in errors and finds it from a subdirectory.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, ".leaklint.yml")
	if err := os.WriteFile(path, []byte("closecheck:\n  nope: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	found, err := config.Find(sub)
	if err != nil || found != path {
		t.Fatalf("Find = %q, %v; want %q", found, err, path)
	}
	_, err = config.Load(found)
	if want := path + ":2: closecheck: unknown key \"nope\""; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Load: %v, want %s...", err, want)
	}
	if found, err := config.Find(t.TempDir()); err != nil || found != "" {
		t.Errorf("Find in an empty tree = %q, %v", found, err)
	}
}

func TestMatchPath(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"internal/gen", "internal/gen/a.go", true},
		{"internal/gen/", "internal/gen/x/a.go", true},
		{"internal/gen/**", "internal/gen/x/a.go", true},
		{"internal/gen", "internal/generated/a.go", false},
		{"internal/*/a.go", "internal/gen/a.go", true},
		{"internal/*/a.go", "internal/gen/x/a.go", false},
		{"**/testdata/**", "a/b/testdata/c.go", true},
		{"*_mock.go", "a/b/store_mock.go", true},
		{"*_mock.go", "a/b/store.go", false},
		{"a.go", "b/a.go", true},
		{"/abs", "abs", false},
		{"**", "x/y.go", true},
	} {
		if got := config.MatchPath(c.pattern, c.name); got != c.want {
			t.Errorf("MatchPath(%q, %q) = %v", c.pattern, c.name, got)
		}
	}
}

// TestExclude runs closecheck, configured for the transaction type, on
// its case package: the finding is there, and excluding the file or the
// package removes it.
func TestExclude(t *testing.T) {
	src := filepath.Join(fixtures.Dir(t), "src")
	base := "closecheck:\n  types: [{type: example.com/txdb.Txn, release: [Commit, Rollback]}]\n"
	for _, c := range []struct {
		exclude string
		want    int
	}{
		{"", 1},
		{"exclude:\n  paths: [closecheck/configured/txn.go]\n", 0},
		{"exclude:\n  paths: [\"closecheck/**\"]\n", 0},
		{"exclude:\n  paths: [closecheck/paths]\n", 1},
		{"exclude:\n  packages: [closecheck/...]\n", 0},
		{"exclude:\n  packages: [closecheck/configured]\n", 0},
		{"exclude:\n  packages: [closecheck/config]\n", 1},
	} {
		path := filepath.Join(src, ".leaklint.yml")
		f := load(t, path, base+c.exclude)
		results := analysistest.Run(fixtures.Quiet{T: t}, fixtures.Dir(t), f.Analyzers()[0], "closecheck/configured")
		if got := len(results[0].Diagnostics); got != c.want {
			t.Errorf("%q: %d findings, want %d", c.exclude, got, c.want)
		}
	}
}

// load parses src as if read from path (which is not written: the
// fixtures tree stays clean).
func load(t *testing.T, path, src string) *config.File {
	t.Helper()
	f, err := config.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f.Path = path
	return f
}
