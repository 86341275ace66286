package driver_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/leaklint/leaklint/internal/driver"
)

// The fixture module testdata/gate: leaky has two findings (one with a
// second leaking exit as related information); twice has the same and a
// test file, so that its test variant reports them again; clean has none;
// broken does not type-check. They import stand-ins for os and errors, so
// that a run analyses a few lines rather than the standard library.

type result struct {
	code           int
	stdout, stderr string
}

// leaklint runs the command in dir.
func leaklint(t *testing.T, dir string, args ...string) result {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code, handOff := driver.Main(args, &stdout, &stderr)
	if handOff != nil {
		t.Fatalf("leaklint %v: handed off to the multichecker", args)
	}
	return result{code, stdout.String(), stderr.String()}
}

func fixture(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("testdata", "gate"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyFixture copies the fixture module to a new directory the test may
// change.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(fixture(t)))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

var findingLine = regexp.MustCompile(`(?m)^.*\.go:\d+:\d+: \w+: .*$`)

func TestExitCodes(t *testing.T) {
	dir := fixture(t)
	for _, c := range []struct {
		args     []string
		code     int
		stderr   string
		findings int
	}{
		{[]string{"./clean"}, driver.ExitClean, "", 0},
		{[]string{"./leaky"}, driver.ExitFindings, "leaky.go:11:19: closecheck: f (from os.Open) is not closed", 2},
		{[]string{"./twice"}, driver.ExitFindings, "twice.go:11:19: closecheck: f (from os.Open) is not closed", 2},
		{[]string{"-json", "./leaky"}, driver.ExitFindings, "", 0},
		{[]string{"-format=sarif", "./clean"}, driver.ExitClean, "", 0},
		{[]string{"./broken"}, driver.ExitError, `broken.go:4:28: cannot use "not an int"`, 0},
		{[]string{"./broken", "./leaky"}, driver.ExitError, "broken.go:4:28", 2},
		{[]string{"./nope/..."}, driver.ExitError, "./nope", 0},
		{[]string{"-closecheck=false", "./leaky"}, driver.ExitClean, "", 0},
		{[]string{"-chansend", "./leaky"}, driver.ExitClean, "", 0},
		{[]string{"-format=xml", "./leaky"}, driver.ExitUsage, "-format=xml: want text, json or sarif", 0},
		{[]string{"-no-such-flag", "./leaky"}, driver.ExitUsage, "flag provided but not defined: -no-such-flag", 0},
		{[]string{"-closecheck.release=Close()", "./leaky"}, driver.ExitUsage, "not a method name", 0},
		{[]string{}, driver.ExitUsage, "no package patterns", 0},
		{[]string{"-config=nope.yml", "./leaky"}, driver.ExitUsage, "nope.yml", 0},
		{[]string{"-write-baseline", "./leaky"}, driver.ExitUsage, "-write-baseline needs -baseline", 0},
		{[]string{"-baseline=b.json", "-fix", "./leaky"}, driver.ExitUsage, "-baseline cannot be combined with -fix", 0},
		{[]string{"-cache=sometimes", "./leaky"}, driver.ExitUsage, "-cache=sometimes: want auto, on or off", 0},
	} {
		// Through the cache and in memory alike.
		for _, mode := range []string{"-cache=on", "-cache=off"} {
			args := append([]string{mode}, c.args...)
			r := leaklint(t, dir, args...)
			if r.code != c.code || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("leaklint %v: exit %d, want %d; stderr:\n%s\nwant it to contain %q", args, r.code, c.code, r.stderr, c.stderr)
			}
			if n := len(findingLine.FindAllString(r.stderr, -1)); n != c.findings {
				t.Errorf("leaklint %v: %d findings, want %d (test variants merged):\n%s", args, n, c.findings, r.stderr)
			}
		}
	}
}

// TestJSON: the multichecker's shape, each finding once (test variants
// merged).
func TestJSON(t *testing.T) {
	r := leaklint(t, fixture(t), "-json", "./twice")
	var tree map[string]map[string][]struct {
		Posn, Message string
		Related       []struct{ Posn, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	n, related := 0, 0
	for _, passes := range tree {
		for pass, ds := range passes {
			if pass != "closecheck" {
				t.Errorf("pass %s", pass)
			}
			for _, d := range ds {
				n++
				related += len(d.Related)
			}
		}
	}
	if n != 2 || related != 1 {
		t.Errorf("%d findings with %d related locations, want 2 and 1:\n%s", n, related, r.stdout)
	}
}

// TestConfigFile: .leaklint.yml found above the working directory turns
// passes off and excludes paths; -config names another file.
func TestConfigFile(t *testing.T) {
	dir := copyFixture(t)
	write(t, filepath.Join(dir, ".leaklint.yml"), "exclude:\n  paths: [leaky/leaky.go]\n")
	if r := leaklint(t, filepath.Join(dir, "leaky"), "."); r.code != driver.ExitClean {
		t.Errorf("excluded: exit %d\n%s", r.code, r.stderr)
	}
	write(t, filepath.Join(dir, "other.yml"), "passes:\n  closecheck: true\n")
	if r := leaklint(t, filepath.Join(dir, "leaky"), "-config", "../other.yml", "."); r.code != driver.ExitFindings {
		t.Errorf("-config: exit %d\n%s", r.code, r.stderr)
	}
	write(t, filepath.Join(dir, ".leaklint.yml"), "passes:\n  closecheck: maybe\n")
	r := leaklint(t, dir, "./leaky")
	if want := ".leaklint.yml:2: passes.closecheck: want true or false, got str \"maybe\""; r.code != driver.ExitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("bad config: exit %d, stderr %q, want %q", r.code, r.stderr, want)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// insertLines adds n comment lines after the package clause of file.
func insertLines(t *testing.T, file string, n int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "package leaky\n", "package leaky\n"+strings.Repeat("// moved\n", n), 1)
	write(t, file, s)
}

const newLeak = `
func Touch(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("x"); err != nil {
		return err
	}
	return f.Close()
}
`

func appendTo(t *testing.T, file, code string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	write(t, file, string(data)+code)
}

// TestBaseline: the first run writes every finding; later runs report
// only new ones, and findings that only moved stay known.
func TestBaseline(t *testing.T) {
	dir := copyFixture(t)
	src := filepath.Join(dir, "leaky", "leaky.go")
	r := leaklint(t, dir, "-baseline=leaklint-baseline.json", "./leaky", "./clean")
	if r.code != driver.ExitClean || !strings.Contains(r.stderr, "wrote 2 findings to baseline") {
		t.Fatalf("writing: exit %d\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "leaklint-baseline.json"))
	if err != nil || !strings.Contains(string(data), `"file": "leaky/leaky.go"`) {
		t.Fatalf("baseline: %v\n%s", err, data)
	}
	if r := leaklint(t, dir, "-baseline=leaklint-baseline.json", "./leaky", "./clean"); r.code != driver.ExitClean {
		t.Errorf("unchanged: exit %d\n%s", r.code, r.stderr)
	}
	insertLines(t, src, 5)
	if r := leaklint(t, dir, "-baseline=leaklint-baseline.json", "./leaky"); r.code != driver.ExitClean {
		t.Errorf("moved 5 lines down: exit %d\n%s", r.code, r.stderr)
	}
	appendTo(t, src, newLeak)
	r = leaklint(t, dir, "-baseline=leaklint-baseline.json", "./leaky")
	if r.code != driver.ExitFindings || len(findingLine.FindAllString(r.stderr, -1)) != 1 || !strings.Contains(r.stderr, "os.Create") {
		t.Errorf("a new leak: exit %d, want %d and only the new finding:\n%s", r.code, driver.ExitFindings, r.stderr)
	}
	if r := leaklint(t, dir, "-baseline=leaklint-baseline.json", "-write-baseline", "./leaky"); r.code != driver.ExitClean || !strings.Contains(r.stderr, "wrote 3 findings") {
		t.Errorf("-write-baseline: exit %d\n%s", r.code, r.stderr)
	}
	write(t, filepath.Join(dir, "bad.json"), `{"version": 9, "findings": []}`)
	if r := leaklint(t, dir, "-baseline=bad.json", "./leaky"); r.code != driver.ExitError || !strings.Contains(r.stderr, "version 9") {
		t.Errorf("bad baseline: exit %d\n%s", r.code, r.stderr)
	}
}

// TestNewFromRev: only findings on lines changed since the revision are
// reported: a new function, a Close removed between an acquisition and
// its return, and a file git does not track yet.
func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := copyFixture(t)
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q")
	gitRun("add", ".")
	gitRun("commit", "-q", "-m", "base")

	if r := leaklint(t, dir, "-new-from-rev=HEAD", "./leaky"); r.code != driver.ExitClean {
		t.Errorf("nothing changed: exit %d\n%s", r.code, r.stderr)
	}
	src := filepath.Join(dir, "leaky", "leaky.go")
	insertLines(t, src, 3)
	appendTo(t, src, newLeak)
	r := leaklint(t, dir, "-new-from-rev=HEAD", "./leaky")
	if r.code != driver.ExitFindings || len(findingLine.FindAllString(r.stderr, -1)) != 1 || !strings.Contains(r.stderr, "os.Create") {
		t.Errorf("new function: exit %d, want only its finding:\n%s", r.code, r.stderr)
	}
	gitRun("commit", "-q", "-am", "touch")

	// Remove clean.Size's deferred Close: the deletion lies between the
	// acquisition and the leaking return, both unchanged lines.
	clean := filepath.Join(dir, "clean", "clean.go")
	data, _ := os.ReadFile(clean)
	write(t, clean, strings.Replace(string(data), "\tdefer f.Close()\n", "", 1))
	r = leaklint(t, dir, "-new-from-rev=HEAD", "./leaky", "./clean")
	if r.code != driver.ExitFindings || !strings.Contains(r.stderr, "clean.go:7:19: closecheck") || len(findingLine.FindAllString(r.stderr, -1)) != 1 {
		t.Errorf("removed Close: exit %d, want %d with only clean's finding:\n%s", r.code, driver.ExitFindings, r.stderr)
	}

	write(t, filepath.Join(dir, "leaky", "extra.go"), "package leaky\n\nimport \"example.com/gate/os\"\n\nfunc Extra() { os.Open(\"y\") }\n")
	r = leaklint(t, dir, "-new-from-rev=HEAD", "./leaky")
	if r.code != driver.ExitFindings || !strings.Contains(r.stderr, "extra.go:5:23: closecheck") || strings.Contains(r.stderr, "leaky.go") {
		t.Errorf("untracked file: exit %d\n%s", r.code, r.stderr)
	}
	if r := leaklint(t, dir, "-new-from-rev=no-such-rev", "./leaky"); r.code != driver.ExitError || !strings.Contains(r.stderr, `"no-such-rev" is not a commit or tree`) {
		t.Errorf("bad revision: exit %d\n%s", r.code, r.stderr)
	}
}

// TestHandOff: -fix and go vet's protocol go to the multichecker, found
// behind flags that take a value, with -config taken out.
func TestHandOff(t *testing.T) {
	for _, c := range []struct {
		args []string
		rest string
	}{
		{[]string{"-config", "c.yml", "-fix", "./..."}, "-fix ./..."},
		{[]string{"-closecheck.release", "Close", "-diff", "-config=c.yml", "./..."}, "-closecheck.release Close -diff ./..."},
		{[]string{"-V=full"}, "-V=full"},
		{[]string{"-flags"}, "-flags"},
		{[]string{"/tmp/vet.cfg"}, "/tmp/vet.cfg"},
	} {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "c.yml"), "passes:\n  chansend: false\n")
		t.Chdir(dir)
		var stderr bytes.Buffer
		_, h := driver.Main(c.args, &bytes.Buffer{}, &stderr)
		if h == nil {
			t.Errorf("%v: not handed off: %s", c.args, stderr.String())
			continue
		}
		if got := strings.Join(h.Args, " "); got != c.rest {
			t.Errorf("%v: handed %q, want %q", c.args, got, c.rest)
		}
		if strings.Contains(strings.Join(c.args, " "), "c.yml") && len(h.Analyzers) != 3 {
			t.Errorf("%v: %d passes, want 3 (chansend off in c.yml)", c.args, len(h.Analyzers))
		}
	}
}

// TestCacheModes: by default a first run, with no cache directory, runs
// in memory and creates the directory; the next fills the cache and the
// one after reads it back. -cache=off never uses it, -cache=on always.
func TestCacheModes(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "leaklint")
	t.Setenv("LEAKLINT_CACHE", cache)
	dir := fixture(t)
	for i, c := range []struct {
		args   []string
		timing string
	}{
		{nil, "3 packages analysed (in memory, nothing cached)"},
		{nil, "3 packages analysed (the rest read from the cache)"},
		{nil, "0 packages analysed (the rest read from the cache)"},
		{[]string{"-cache=off"}, "3 packages analysed (in memory, nothing cached)"},
		{[]string{"-cache=on"}, "0 packages analysed (the rest read from the cache)"},
	} {
		args := append(append([]string{"-timing=5"}, c.args...), "./leaky")
		r := leaklint(t, dir, args...)
		if r.code != driver.ExitFindings || !strings.Contains(r.stderr, "leaklint: timing: "+c.timing) {
			t.Errorf("run %d, %v: exit %d, want findings and %q:\n%s", i+1, args, r.code, c.timing, r.stderr)
		}
		if _, err := os.Stat(cache); err != nil {
			t.Errorf("run %d: %v", i+1, err)
		}
	}
}

// TestTiming: -timing lists the packages analysed, slowest first, and
// each pass's total; with a warm cache nothing is analysed again.
func TestTiming(t *testing.T) {
	t.Setenv("LEAKLINT_CACHE", t.TempDir())
	dir := fixture(t)
	r := leaklint(t, dir, "-timing=50", "./leaky")
	if r.code != driver.ExitFindings || !strings.Contains(r.stderr, "leaklint: timing: 3 packages analysed") ||
		!strings.Contains(r.stderr, "  example.com/gate/leaky (slowest: ") || !regexp.MustCompile(`(?m)^ +\S+ +closecheck$`).MatchString(r.stderr) ||
		!regexp.MustCompile(`(?m)^  slowest functions:\n( +\S+ +\w+ \S+\n)*? +\S+ +closecheck example.com/gate/leaky.(Size|Exists)\n`).MatchString(r.stderr) {
		t.Errorf("exit %d, want the three packages, closecheck's total and its function:\n%s", r.code, r.stderr)
	}
	r = leaklint(t, dir, "-timing=50", "./leaky")
	if !strings.Contains(r.stderr, "leaklint: timing: 0 packages analysed") {
		t.Errorf("second run, want nothing analysed again:\n%s", r.stderr)
	}
}
