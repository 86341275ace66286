package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// row is one line of bugs.tsv: an upstream commit pair and where findings
// must and must not be (see eval/bugs/FORMAT.md).
type row struct {
	id, kind, pass, repo string
	pre, fix             string // 40-hex commits
	dir                  string // the go.mod's directory in the tree
	pkgs                 []string
	vendor, noCgo        bool
	tags                 string
	gopath               string // the tree's import path in a GOPATH, for a tree of GOPATH layout
	preLines, fixLines   []lineRange
	shape, subject       string
	line                 int // in bugs.tsv, for errors
}

// lineRange is an inclusive range of lines of one file, relative to the
// tree's root.
type lineRange struct {
	file       string
	from, upto int
}

func (r lineRange) String() string { return fmt.Sprintf("%s:%d-%d", r.file, r.from, r.upto) }

var (
	hexCommit = regexp.MustCompile(`^[0-9a-f]{40}$`)
	passNames = []string{"closecheck", "deferrelease", "chansend", "snapshotguard"}
)

// readTable parses bugs.tsv and checks every field, so that a typo is an
// error with its line rather than a silent miss.
func readTable(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	parse := parseRow
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if n == 1 && text == servicesHeader {
			parse = parseService
		}
		if n == 1 || strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue // header, blank or comment
		}
		r, err := parse(strings.Split(text, "\t"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		if seen[r.id] {
			return nil, fmt.Errorf("%s:%d: id %s appears twice", path, n, r.id)
		}
		seen[r.id] = true
		r.line = n
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

func parseRow(cols []string) (row, error) {
	if len(cols) != 13 {
		return row{}, fmt.Errorf("%d columns, want 13", len(cols))
	}
	r := row{id: cols[0], kind: cols[1], pass: cols[2], repo: cols[3], pre: cols[4], fix: cols[5],
		dir: cols[6], shape: cols[11], subject: cols[12]}
	switch {
	case r.kind != "bug" && r.kind != "nonleak":
		return r, fmt.Errorf("kind %q: want bug or nonleak", r.kind)
	case !knownPass(r.pass) && !(r.kind == "nonleak" && r.pass == "all"):
		return r, fmt.Errorf("pass %q", r.pass)
	case strings.Count(r.repo, "/") != 1:
		return r, fmt.Errorf("repo %q: want owner/name", r.repo)
	case !hexCommit.MatchString(r.pre) || !hexCommit.MatchString(r.fix):
		return r, fmt.Errorf("commits must be 40 hex digits")
	}
	r.pkgs = strings.Split(cols[7], ",")
	if err := r.parseBuild(cols[8]); err != nil {
		return r, err
	}
	var err error
	if r.preLines, err = parseRanges(cols[9]); err != nil {
		return r, fmt.Errorf("pre_lines: %v", err)
	}
	if r.fixLines, err = parseRanges(cols[10]); err != nil {
		return r, fmt.Errorf("fix_lines: %v", err)
	}
	return r, nil
}

// parseBuild reads the build column: module, vendor or gopath=<import
// path> (GOPATH mode, GO111MODULE=off, the tree at that import path), then
// ;tags=a,b or ;cgo=0.
func (r *row) parseBuild(build string) error {
	for _, opt := range strings.Split(build, ";") {
		switch k, v, _ := strings.Cut(opt, "="); k {
		case "module":
		case "vendor":
			r.vendor = true
		case "gopath":
			if v == "" {
				return fmt.Errorf("build %q: gopath needs the tree's import path (gopath=github.com/o/r)", build)
			}
			r.gopath = v
		case "tags":
			r.tags = v
		case "cgo":
			r.noCgo = v == "0"
		default:
			return fmt.Errorf("build %q: want module, vendor or gopath=<import path>, then ;tags=a,b or ;cgo=0", build)
		}
	}
	return nil
}

// servicesHeader starts services.tsv: large packages of real services,
// one commit each, measured for speed only.
const servicesHeader = "id\trepo\tcommit\tdir\tpkg\tbuild"

// parseService reads a line of services.tsv as a row whose two commits
// are the same.
func parseService(cols []string) (row, error) {
	if len(cols) != 6 {
		return row{}, fmt.Errorf("%d columns, want 6", len(cols))
	}
	r := row{id: cols[0], kind: "service", pass: "all", repo: cols[1], pre: cols[2], fix: cols[2], dir: cols[3], pkgs: strings.Split(cols[4], ",")}
	switch {
	case strings.Count(r.repo, "/") != 1:
		return r, fmt.Errorf("repo %q: want owner/name", r.repo)
	case !hexCommit.MatchString(r.pre):
		return r, fmt.Errorf("commit must be 40 hex digits")
	}
	return r, r.parseBuild(cols[5])
}

func knownPass(p string) bool {
	for _, q := range passNames {
		if p == q {
			return true
		}
	}
	return false
}

// parseRanges reads "a/x.go:12-14,a/x.go:40" (a lone line is a range of one).
func parseRanges(s string) ([]lineRange, error) {
	var out []lineRange
	for _, part := range strings.Split(s, ",") {
		file, lines, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || !strings.HasSuffix(file, ".go") {
			return nil, fmt.Errorf("%q: want file.go:from-to", part)
		}
		a, b, isRange := strings.Cut(lines, "-")
		if !isRange {
			b = a
		}
		from, err1 := strconv.Atoi(a)
		upto, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || from < 1 || upto < from {
			return nil, fmt.Errorf("%q: bad line range", part)
		}
		out = append(out, lineRange{file, from, upto})
	}
	return out, nil
}

// covers reports whether a position (a path relative to the tree and a
// line) lies in one of the ranges.
func covers(rs []lineRange, file string, line int) bool {
	for _, r := range rs {
		if r.file == file && r.from <= line && line <= r.upto {
			return true
		}
	}
	return false
}
