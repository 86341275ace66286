package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// finding is one leaklint diagnostic, its positions relative to the tree.
type finding struct {
	Pass    string   `json:"pass"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
	Message string   `json:"message"`
	Related []string `json:"related,omitempty"` // file:line
}

// outcome is one run of leaklint on one tree; it is cached on disk under
// a key of the binary, the commit and the run's settings.
type outcome struct {
	Findings []finding `json:"findings"`
	Exit     int       `json:"exit"`
	Problem  string    `json:"problem,omitempty"` // why the tree could not be analysed
	Seconds  float64   `json:"seconds"`
}

// usable says whether the run analysed the packages: a load error or a
// time-out makes a tree unavailable, not a miss.
func (o outcome) usable() bool { return o.Problem == "" }

// in reports whether the finding's position or a related one is in rs.
func (f finding) in(rs []lineRange) bool {
	if covers(rs, f.File, f.Line) {
		return true
	}
	for _, rel := range f.Related {
		file, line := splitPos(rel)
		if covers(rs, file, line) {
			return true
		}
	}
	return false
}

type runner struct {
	bin, binHash, trees, cache string
	timeout                    time.Duration
	log                        func(format string, args ...any)

	mu   sync.Mutex
	done map[string]outcome // this run's outcomes, time-outs included
}

// analyseAll analyses every tree the rows need, jobs at a time; identical
// runs (one commit in several rows) are made once.
func (rn *runner) analyseAll(rows []row, jobs int) {
	sem := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	started := map[string]bool{}
	for _, r := range rows {
		for _, c := range []string{r.pre, r.fix} {
			if k := rn.key(r, c); !started[k] {
				started[k] = true
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer wg.Done()
					rn.analyse(r, c)
					<-sem
				}()
			}
		}
	}
	wg.Wait()
}

func (rn *runner) key(r row, commit string) string {
	parts := []string{rn.binHash, r.repo, commit, r.dir, strings.Join(r.pkgs, ","), r.tags, fmt.Sprint(r.vendor)}
	if r.noCgo {
		parts = append(parts, "cgo=0")
	}
	return cacheKey(parts...)
}

// analyse runs leaklint on the row's packages in one exported tree, or
// returns the cached outcome of an identical run.
func (rn *runner) analyse(r row, commit string) outcome {
	tree := treeDir(rn.trees, r.repo, commit)
	key := rn.key(r, commit)
	path := filepath.Join(rn.cache, key+".json")
	rn.mu.Lock()
	o, ok := rn.done[key]
	rn.mu.Unlock()
	if ok {
		return o
	}
	if data, err := os.ReadFile(path); err == nil && json.Unmarshal(data, &o) == nil {
		return o
	}
	if _, err := os.Stat(filepath.Join(tree, exported)); err != nil {
		return outcome{Problem: "tree not exported (run export first)"}
	}
	rn.log("leaklint %s@%s %s", r.repo, commit[:12], strings.Join(r.pkgs, " "))
	o = rn.leaklint(r, tree)
	rn.mu.Lock()
	rn.done[key] = o
	rn.mu.Unlock()
	if !strings.HasPrefix(o.Problem, "timed out") && !strings.HasPrefix(o.Problem, "killed") { // may go through next time
		data, _ := json.MarshalIndent(o, "", " ")
		os.MkdirAll(rn.cache, 0o755)
		os.WriteFile(path, data, 0o644)
	}
	return o
}

func (rn *runner) leaklint(r row, tree string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), rn.timeout)
	defer cancel()
	cmd := treeCommand(ctx, r, tree, rn.bin, "-json", "-test=false", "-cache=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	o := outcome{Seconds: time.Since(start).Seconds(), Exit: cmd.ProcessState.ExitCode()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		o.Problem = fmt.Sprintf("timed out after %s", rn.timeout)
		return o
	case err != nil && !errors.As(err, &exit):
		o.Problem = err.Error()
		return o
	case o.Exit < 0:
		o.Problem = "killed: " + err.Error()
		return o
	}
	fs, perr := parseJSON(stdout.Bytes(), tree)
	o.Findings = fs
	if o.Exit == 1 || o.Exit == 2 || perr != nil {
		o.Problem = "does not load: " + firstLines(stderr.String(), 3)
	}
	return o
}

// treeCommand runs bin with flags on the row's packages in its tree, with
// the row's build settings.
func treeCommand(ctx context.Context, r row, tree, bin string, flags ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, append(flags, r.pkgs...)...)
	cmd.Dir = filepath.Join(tree, r.dir)
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOSUMDB=off", "GOFLAGS="+goflags(r))
	if r.gopath != "" {
		gopath, dir := gopathOf(tree, r.gopath)
		cmd.Dir = filepath.Join(dir, r.dir)
		cmd.Env = append(cmd.Env, "GO111MODULE=off", "GOPATH="+gopath, "PWD="+cmd.Dir)
	}
	if r.noCgo {
		cmd.Env = append(cmd.Env, "CGO_ENABLED=0")
	}
	// go list starts children: kill the whole group on time-out.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	return cmd
}

// gopathOf returns the GOPATH made beside tree by linkGOPATH, and the
// tree's directory in it.
func gopathOf(tree, importPath string) (gopath, dir string) {
	gopath = tree + ".gopath"
	return gopath, filepath.Join(gopath, "src", filepath.FromSlash(importPath))
}

// linkGOPATH makes the GOPATH of a tree of GOPATH layout: the tree
// linked at its import path.
func linkGOPATH(tree, importPath string) error {
	_, dir := gopathOf(tree, importPath)
	if _, err := os.Lstat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o777); err != nil {
		return err
	}
	return os.Symlink(tree, dir)
}

func goflags(r row) string {
	f := "-buildvcs=false -mod=mod"
	switch {
	case r.gopath != "":
		f = "-buildvcs=false"
	case r.vendor:
		f = "-buildvcs=false -mod=vendor"
	}
	if r.tags != "" {
		f += " -tags=" + r.tags
	}
	return f
}

// parseJSON reads leaklint's -json tree (package, pass, diagnostics).
func parseJSON(data []byte, tree string) ([]finding, error) {
	var doc map[string]map[string][]struct {
		Posn, Message string
		Related       []struct{ Posn string }
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var out []finding
	seen := map[string]bool{}
	for _, passes := range doc {
		for pass, diags := range passes {
			for _, d := range diags {
				file, line := splitPos(relative(tree, d.Posn))
				f := finding{Pass: pass, File: file, Line: line, Message: d.Message}
				for _, rel := range d.Related {
					f.Related = append(f.Related, trimCol(relative(tree, rel.Posn)))
				}
				k := fmt.Sprint(f)
				if !seen[k] {
					seen[k] = true
					out = append(out, f)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

func relative(tree, posn string) string {
	if rel, ok := strings.CutPrefix(posn, tree+string(filepath.Separator)); ok {
		return filepath.ToSlash(rel)
	}
	return posn
}

// splitPos splits "file.go:12:3" or "file.go:12" into the file and line.
func splitPos(p string) (string, int) {
	p = trimCol(p)
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return p, 0
	}
	var line int
	fmt.Sscan(p[i+1:], &line)
	return p[:i], line
}

// trimCol drops a trailing ":col" from "file.go:line:col".
func trimCol(p string) string {
	if strings.Count(p, ":") >= 2 {
		return p[:strings.LastIndex(p, ":")]
	}
	return p
}

func cacheKey(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:12])
}

func fileHash(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:8]), nil
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}
