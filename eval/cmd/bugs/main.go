// Command bugs measures leaklint's recall on real upstream fix commits.
//
// Its table, eval/bugs/bugs.tsv (format in eval/bugs/FORMAT.md), lists
// pairs of commits: a leak fix with the fix's parent, or a fix that is not
// a leak fix. Two steps:
//
//	go run ./cmd/bugs export   # each row's two trees, from git snapshots
//	go run ./cmd/bugs run      # leaklint on each tree, then the report
//	go run ./cmd/bugs speed    # leaklint against the floor on each tree
//
// export reads bare snapshots at $LEAKLINT_MIRRORS/owner+name/repo
// (default /work/.mirror) and writes the trees to $LEAKLINT_BUGS (default
// ../leaklint-bugs beside the checkout), blob by blob, recording the blobs
// a snapshot lacks. run builds leaklint from this checkout, runs it with
// -json -test=false on each row's packages with a per-tree time limit,
// caches each outcome by binary, commit and settings, and writes the
// report (per pass: caught pre-fix, silent on the fix, silent on the
// non-leak pairs; the trees not analysed; every finding outside the
// expected lines).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bugs: ")
	if len(os.Args) < 2 || (os.Args[1] != "export" && os.Args[1] != "run" && os.Args[1] != "speed") {
		log.Fatal("usage: bugs export|run|speed [flags]")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	table := fs.String("table", "bugs/bugs.tsv", "the table of fix commits")
	only := fs.String("only", "", "comma-separated row ids or passes (default all)")
	timeout := fs.Duration("timeout", 10*time.Minute, "time limit for one leaklint run on one tree")
	out := fs.String("out", "bugs/results.md", "the report (run)")
	jobs := fs.Int("j", 1, "trees analysed at once (each run takes several GB on large modules)")
	fs.Parse(os.Args[2:])

	rows, err := readTable(*table)
	if err != nil {
		log.Fatal(err)
	}
	rows = selectRows(rows, *only)
	trees := envOr("LEAKLINT_BUGS", filepath.Join(filepath.Dir(checkoutTop()), "leaklint-bugs"))
	mirrors := envOr("LEAKLINT_MIRRORS", "/work/.mirror")
	switch os.Args[1] {
	case "export":
		exportAll(rows, mirrors, filepath.Join(trees, "trees"))
		return
	case "speed":
		speedAll(rows, trees, *timeout, *out)
		return
	}
	runAll(rows, trees, *timeout, *jobs, *out)
}

// exportAll exports each commit once; a missing snapshot or commit is
// named and the others go on.
func exportAll(rows []row, mirrors, trees string) {
	done := map[string]bool{}
	failed := 0
	for _, r := range rows {
		for _, c := range []string{r.pre, r.fix} {
			dir := treeDir(trees, r.repo, c)
			if done[dir] {
				continue
			}
			done[dir] = true
			git := mirrorDir(mirrors, r.repo)
			if _, err := os.Stat(git); err != nil {
				log.Printf("%s: no snapshot of %s at %s (fetch github:%s first)", r.id, r.repo, git, r.repo)
				failed++
				continue
			}
			missing, err := export(git, c, dir)
			if err != nil {
				log.Printf("%s: %s@%s: %v", r.id, r.repo, c[:12], err)
				failed++
				continue
			}
			if r.gopath != "" {
				if err := linkGOPATH(dir, r.gopath); err != nil {
					log.Printf("%s: GOPATH for %s: %v", r.id, dir, err)
					failed++
					continue
				}
			}
			note := ""
			if missing > 0 {
				note = fmt.Sprintf(" (%d files missing, listed in %s)", missing, filepath.Join(dir, missingList))
			}
			log.Printf("%s@%s -> %s%s", r.repo, c[:12], dir, note)
		}
	}
	if failed > 0 {
		log.Fatalf("%d trees not exported; the others are in %s", failed, trees)
	}
}

func runAll(rows []row, trees string, timeout time.Duration, jobs int, out string) {
	rev, _ := exec.Command("git", "-C", checkoutTop(), "rev-parse", "--short", "HEAD").Output() // the binary's source
	bin, hash := buildLeaklint(filepath.Join(trees, "bin"))
	rn := &runner{bin: bin, binHash: hash, trees: filepath.Join(trees, "trees"),
		cache: filepath.Join(trees, "results"), timeout: timeout, log: log.Printf,
		done: map[string]outcome{}}
	rn.analyseAll(rows, jobs)
	var results []rowResult
	for _, r := range rows {
		results = append(results, rowResult{row: r,
			pre: judge(r, "pre", rn.analyse(r, r.pre)),
			fix: judge(r, "fix", rn.analyse(r, r.fix))})
	}
	header := fmt.Sprintf("# leaklint on eval/bugs\n\nMeasured %s with leaklint built from commit %s (plus any uncommitted change; binary %s), `eval/bugs/run.sh`, %d rows.",
		time.Now().UTC().Format("2006-01-02"), strings.TrimSpace(string(rev)), hash, len(rows))
	f, err := os.Create(out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	writeReport(f, header, results)
	writeReport(os.Stdout, header, results)
}

// buildLeaklint builds leaklint from this checkout into dir, named by its
// content hash, so that a run in progress keeps its own binary.
func buildLeaklint(dir string) (bin, hash string) {
	tmp := filepath.Join(dir, fmt.Sprintf("leaklint-build-%d", os.Getpid()))
	build := exec.Command("go", "build", "-o", tmp, "./cmd/leaklint")
	build.Dir, build.Stdout, build.Stderr = checkoutTop(), os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("building leaklint: %v", err)
	}
	hash, err := fileHash(tmp)
	if err != nil {
		log.Fatal(err)
	}
	bin = filepath.Join(dir, "leaklint-"+hash)
	if err := os.Rename(tmp, bin); err != nil {
		log.Fatal(err)
	}
	return bin, hash
}

func selectRows(rows []row, only string) []row {
	if only == "" {
		return rows
	}
	want := strings.Split(only, ",")
	var out []row
	for _, r := range rows {
		for _, w := range want {
			if r.id == w || r.pass == w {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func checkoutTop() string {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		log.Fatal("run from inside the leaklint checkout")
	}
	return strings.TrimSpace(string(top))
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
