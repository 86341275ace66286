package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// speed compares leaklint with the floor (eval/floor: load, type-check,
// build SSA, export a fact, with the same in-memory driver) on each
// tree's packages, one run at a time so that neither competes with the
// other. leaklint runs with -cache=off, as on a first run, and -timing.
// The floor runs before and after leaklint, and the faster of its two
// runs counts: the first run over a tree also reads its files from disk.

// run is one command's cost.
type cost struct {
	Seconds  float64 `json:"seconds"`
	MaxRSSKB int64   `json:"max_rss_kb"`
	Exit     int     `json:"exit"`
}

// speedOutcome is the floor and leaklint on one tree.
type speedOutcome struct {
	Floor, Leaklint cost
	FloorRuns       []float64 `json:"floor_runs"` // seconds, before and after leaklint
	Timing          string    `json:"timing"`     // leaklint's -timing report
	Slow            []string  `json:"slow"`       // the watchdog's warnings
	Problem         string    `json:"problem"`    // why the tree was not measured
	Measured        string    `json:"measured"`   // the date
}

type speedRunner struct {
	leaklint, floor, hash, trees, cache string
	timeout                             time.Duration
}

func speedAll(rows []row, trees string, timeout time.Duration, out string) {
	bin := filepath.Join(trees, "bin")
	ll, llHash := buildLeaklint(bin)
	floor, floorHash := buildFloor(bin)
	sr := &speedRunner{leaklint: ll, floor: floor, hash: llHash + floorHash, trees: filepath.Join(trees, "trees"),
		cache: filepath.Join(trees, "speed"), timeout: timeout}
	f, err := os.Create(out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	w := io.MultiWriter(f, os.Stdout)
	fmt.Fprintf(w, "# leaklint against the floor\n\nleaklint %s, floor %s; one tree at a time, the floor before and after leaklint (the faster counts); `eval/bugs/speed.sh`.\n\n", llHash, floorHash)
	fmt.Fprintln(w, "| tree | packages | floor | leaklint | time ratio | RSS ratio | slowest package (leaklint -timing) |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | --- |")
	var over []string
	for _, r := range uniqueTrees(rows) {
		o := sr.measure(r)
		name := fmt.Sprintf("%s@%s", r.repo, r.pre[:12])
		if o.Problem != "" {
			fmt.Fprintf(w, "| %s | %s | %s | | | | |\n", name, strings.Join(r.pkgs, " "), o.Problem)
			continue
		}
		ratio := o.Leaklint.Seconds / o.Floor.Seconds
		if ratio > 3 {
			over = append(over, name)
		}
		fmt.Fprintf(w, "| %s | %s | %.1f s, %d MB | %.1f s, %d MB | %.2f | %.2f | %s |\n", name, strings.Join(r.pkgs, " "),
			o.Floor.Seconds, o.Floor.MaxRSSKB>>10, o.Leaklint.Seconds, o.Leaklint.MaxRSSKB>>10, ratio,
			float64(o.Leaklint.MaxRSSKB)/float64(o.Floor.MaxRSSKB), slowestPackage(o.Timing))
		for _, s := range o.Slow {
			fmt.Fprintf(w, "|  | watchdog: %s | | | | | |\n", strings.TrimPrefix(s, "leaklint: slow: "))
		}
	}
	fmt.Fprintf(w, "\nTrees over 3x the floor: %d %v\n", len(over), over)
}

// uniqueTrees keeps one row per repository, directory, packages and
// build: the pre-fix tree of the first such row.
func uniqueTrees(rows []row) []row {
	seen := map[string]bool{}
	var out []row
	for _, r := range rows {
		k := strings.Join([]string{r.repo, r.dir, strings.Join(r.pkgs, ","), r.tags, r.gopath, fmt.Sprint(r.vendor, r.noCgo)}, "|")
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

func (sr *speedRunner) measure(r row) speedOutcome {
	tree := treeDir(sr.trees, r.repo, r.pre)
	path := filepath.Join(sr.cache, cacheKey(sr.hash, "floor twice", r.repo, r.pre, r.dir, strings.Join(r.pkgs, ","), goflags(r))+".json")
	var o speedOutcome
	if data, err := os.ReadFile(path); err == nil && json.Unmarshal(data, &o) == nil {
		return o
	}
	if _, err := os.Stat(filepath.Join(tree, exported)); err != nil {
		return speedOutcome{Problem: "tree not exported (run export first)"}
	}
	log.Printf("speed %s@%s %s", r.repo, r.pre[:12], strings.Join(r.pkgs, " "))
	o = sr.both(r, tree)
	if o.Problem == "" {
		data, _ := json.MarshalIndent(o, "", " ")
		os.MkdirAll(sr.cache, 0o755)
		os.WriteFile(path, data, 0o644)
	}
	return o
}

var slowWarning = regexp.MustCompile(`(?m)^leaklint: slow: .*$`)

func (sr *speedRunner) both(r row, tree string) speedOutcome {
	o := speedOutcome{Measured: time.Now().UTC().Format("2006-01-02")}
	var stderr string
	// Downloads and go list's own cache filled first, outside both runs.
	sr.command(r, tree, "go", "list", "-e", "-deps", "-test=false")
	o.Floor, _, o.Problem = sr.command(r, tree, sr.floor, "-test=false")
	if o.Problem != "" {
		o.Problem = "floor: " + o.Problem
		return o
	}
	o.Leaklint, stderr, o.Problem = sr.command(r, tree, sr.leaklint, "-cache=off", "-test=false", "-timing=3", "-json")
	if o.Problem != "" {
		o.Problem = "leaklint: " + o.Problem
		return o
	}
	again, _, problem := sr.command(r, tree, sr.floor, "-test=false")
	o.FloorRuns = []float64{o.Floor.Seconds, again.Seconds}
	if problem == "" && again.Seconds < o.Floor.Seconds {
		o.Floor = again
	}
	if i := strings.Index(stderr, "leaklint: timing:"); i >= 0 {
		o.Timing = stderr[i:]
	}
	o.Slow = slowWarning.FindAllString(stderr, -1)
	return o
}

// command runs one binary on the row's packages and measures its wall
// time and peak memory.
func (sr *speedRunner) command(r row, tree, bin string, flags ...string) (cost, string, string) {
	ctx, cancel := context.WithTimeout(context.Background(), sr.timeout)
	defer cancel()
	cmd := treeCommand(ctx, r, tree, bin, flags...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	c := cost{Seconds: time.Since(start).Seconds(), Exit: cmd.ProcessState.ExitCode()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		c.MaxRSSKB = ru.Maxrss
	}
	switch {
	case ctx.Err() != nil:
		return c, stderr.String(), fmt.Sprintf("timed out after %s", sr.timeout)
	case c.Exit < 0:
		return c, stderr.String(), fmt.Sprintf("killed: %v", err)
	case c.Exit == 1 || c.Exit == 2:
		return c, stderr.String(), "does not load: " + firstLines(stderr.String(), 2)
	}
	return c, stderr.String(), ""
}

// slowestPackage is the first package line of a -timing report, and its
// first function line.
func slowestPackage(timing string) string {
	lines := strings.Split(timing, "\n")
	if len(lines) < 2 {
		return ""
	}
	s := strings.Join(strings.Fields(lines[1]), " ")
	for i, l := range lines {
		if strings.TrimSpace(l) == "slowest functions:" && i+1 < len(lines) {
			s += "; function: " + strings.Join(strings.Fields(lines[i+1]), " ")
		}
	}
	return s
}

// buildFloor builds the floor command of eval/ into dir, named by hash.
func buildFloor(dir string) (bin, hash string) {
	tmp := filepath.Join(dir, fmt.Sprintf("floor-build-%d", os.Getpid()))
	build := exec.Command("go", "build", "-o", tmp, "./cmd/floor")
	build.Dir, build.Stdout, build.Stderr = filepath.Join(checkoutTop(), "eval"), os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("building the floor: %v", err)
	}
	hash, err := fileHash(tmp)
	if err != nil {
		log.Fatal(err)
	}
	bin = filepath.Join(dir, "floor-"+hash)
	if err := os.Rename(tmp, bin); err != nil {
		log.Fatal(err)
	}
	return bin, hash
}
