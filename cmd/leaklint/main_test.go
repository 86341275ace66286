package main_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The command's own paths, through the built binary: go vet's protocol
// and -fix, which the multichecker handles with the configured passes,
// and the exit status os.Exit gives. The standalone reports are tested in
// internal/driver.

func build(t *testing.T) (bin, gate string) {
	t.Helper()
	bin = filepath.Join(t.TempDir(), "leaklint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	gate = t.TempDir()
	if err := os.CopyFS(gate, os.DirFS(filepath.Join("..", "..", "internal", "driver", "testdata", "gate"))); err != nil {
		t.Fatal(err)
	}
	return bin, gate
}

func runIn(dir, name string, args ...string) (string, int) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		return err.Error(), -1
	}
	return string(out), 0
}

func TestCommand(t *testing.T) {
	bin, gate := build(t)

	out, code := runIn(gate, bin, "./leaky")
	if code != 3 || strings.Count(out, "closecheck: ") != 2 {
		t.Errorf("standalone: exit %d, want 3 and two findings:\n%s", code, out)
	}
	out, code = runIn(gate, "go", "vet", "-vettool="+bin, "./leaky")
	if code != 1 || !strings.Contains(out, "leaky.go:11:19: closecheck: f (from os.Open) is not closed") {
		t.Errorf("go vet: exit %d, want 1 with the finding:\n%s", code, out)
	}
	out, code = runIn(gate, bin, "-fix", "-diff", "./clean", "./leaky")
	if code != 0 || !strings.Contains(out, "+\tdefer f.Close()") {
		t.Errorf("-fix -diff: exit %d, want 0 and a diff adding the defer:\n%s", code, out)
	}
	out, code = runIn(gate, bin, "-new-from-rev=HEAD", "-fix", "./leaky")
	if code != 2 || !strings.Contains(out, "cannot be combined") {
		t.Errorf("-new-from-rev with -fix: exit %d, want 2:\n%s", code, out)
	}
	// Where a run spends its time: each pass on each package, slowest
	// first, until nine tenths of the total is accounted for; which
	// actions make that cut depends on the machine's load, so only the
	// form of the lines is fixed.
	out, _ = runIn(gate, bin, "-debug=tp", "./leaky")
	if !regexp.MustCompile(`(?m)^\S+\t\w+@example.com/gate/(leaky|os)$`).MatchString(out) {
		t.Errorf("-debug=tp: want the time of a pass on a package of the run:\n%s", out)
	}
}

// TestVetConfig: under go vet, .leaklint.yml is found from the package's
// directory upward, and its exclusions apply.
func TestVetConfig(t *testing.T) {
	bin, gate := build(t)
	if err := os.WriteFile(filepath.Join(gate, ".leaklint.yml"), []byte("exclude:\n  paths: [leaky/leaky.go]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := runIn(gate, "go", "vet", "-vettool="+bin, "./leaky"); code != 0 {
		t.Errorf("go vet with leaky.go excluded: exit %d\n%s", code, out)
	}
}

// TestPreCommitHook installs scripts/pre-commit in a new repository: the
// first commit of a clean package passes, a commit adding a leak is
// refused, and the same commit with the leak fixed passes.
func TestPreCommitHook(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin, repo := build(t)
	if err := os.RemoveAll(filepath.Join(repo, "broken")); err != nil {
		t.Fatal(err)
	}
	for _, leaky := range []string{"leaky", "twice"} {
		if err := os.RemoveAll(filepath.Join(repo, leaky)); err != nil {
			t.Fatal(err)
		}
	}
	hook, err := os.ReadFile(filepath.Join("..", "..", "scripts", "pre-commit"))
	if err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) (string, int) {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "LEAKLINT="+bin,
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		return string(out), 0
	}
	git("init", "-q")
	if err := os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), hook, 0o755); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	if out, code := git("commit", "-q", "-m", "clean"); code != 0 {
		t.Fatalf("first commit refused: %s", out)
	}
	leak := "package clean\n\nimport \"example.com/gate/os\"\n\nfunc Leak(name string) bool {\n\tf, err := os.Open(name)\n\treturn err == nil && f != nil\n}\n"
	if err := os.WriteFile(filepath.Join(repo, "clean", "leak.go"), []byte(leak), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	out, code := git("commit", "-q", "-m", "leak")
	if code == 0 || !strings.Contains(out, "leak.go:6:19: closecheck") || !strings.Contains(out, "found new leaks") {
		t.Errorf("leaking commit: exit %d, want it refused:\n%s", code, out)
	}
	fixed := strings.Replace(leak, "\treturn err == nil && f != nil\n", "\tif err != nil {\n\t\treturn false\n\t}\n\treturn f.Close() == nil\n", 1)
	if err := os.WriteFile(filepath.Join(repo, "clean", "leak.go"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	if out, code := git("commit", "-q", "-m", "fixed"); code != 0 {
		t.Errorf("fixed commit refused: %s", out)
	}
}
