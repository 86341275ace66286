package driver

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// changes are the lines of a repository's work tree added or changed since
// a revision: committed since, staged or not, and files git does not
// track yet.
type changes struct {
	added   map[string][][2]int // file: ranges of new lines [from, to]
	deleted map[string][]int    // file: lines after which lines were removed
	newFile map[string]bool     // untracked: every line is new
}

// gitChanges reads the changes since rev in the repository holding dir.
func gitChanges(dir, rev string) (*changes, error) {
	root, err := gitRoot(dir)
	if err != nil {
		return nil, err
	}
	if _, err := git(root, "rev-parse", "--verify", "--quiet", rev+"^{tree}"); err != nil {
		return nil, fmt.Errorf("-new-from-rev: %q is not a commit or tree in %s", rev, root)
	}
	diff, err := git(root, "diff", "--no-color", "--no-ext-diff", "--no-renames", "--unified=0", rev, "--")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: git diff: %v", err)
	}
	c := parseDiff(root, diff)
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: git ls-files: %v", err)
	}
	for _, f := range strings.Split(string(untracked), "\x00") {
		if f != "" {
			c.newFile[canonical(filepath.Join(root, f))] = true
		}
	}
	return c, nil
}

func gitRoot(dir string) (string, error) {
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("not in a git repository (%s): %v", dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && stderr.Len() > 0 {
		err = fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, err
}

var hunkHeader = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// parseDiff reads a unified diff with no context lines.
func parseDiff(root string, diff []byte) *changes {
	c := &changes{added: map[string][][2]int{}, deleted: map[string][]int{}, newFile: map[string]bool{}}
	var file string
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			file = ""
			if name != "/dev/null" {
				file = canonical(filepath.Join(root, strings.TrimPrefix(unquote(name), "b/")))
			}
		case strings.HasPrefix(line, "@@ ") && file != "":
			m := hunkHeader.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			start, _ := strconv.Atoi(m[1])
			count := 1
			if m[2] != "" {
				count, _ = strconv.Atoi(m[2])
			}
			if count == 0 {
				c.deleted[file] = append(c.deleted[file], start)
			} else {
				c.added[file] = append(c.added[file], [2]int{start, start + count - 1})
			}
		}
	}
	return c
}

// unquote undoes git's quoting of unusual file names.
func unquote(name string) string {
	if s, err := strconv.Unquote(name); err == nil {
		return s
	}
	return name
}

// canonical resolves symbolic links, so that git's paths and the loader's
// agree (a temporary directory behind a link, say).
func canonical(path string) string {
	dir, base := filepath.Split(path)
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(d, base)
	}
	return filepath.Clean(path)
}

// covers reports whether a finding lies on changed code: its line, a
// related line, or a line its message names (the leaking return) was
// added or changed, or lines were removed between the first and the last
// of them (a Close deleted between the acquisition and the return).
func (c *changes) covers(f *Finding) bool {
	file := canonical(f.Pos.Filename)
	if c.newFile[file] {
		return true
	}
	lines := []int{f.Pos.Line}
	for _, r := range f.Related {
		if canonical(r.Pos.Filename) == file {
			lines = append(lines, r.Pos.Line)
		}
	}
	lines = append(lines, mentionedLines(f.Message, filepath.Base(file))...)
	lo, hi := lines[0], lines[0]
	for _, n := range lines {
		lo, hi = min(lo, n), max(hi, n)
		for _, r := range c.added[file] {
			if r[0] <= n && n <= r[1] {
				return true
			}
		}
	}
	for _, d := range c.deleted[file] {
		if lo <= d && d < hi {
			return true
		}
	}
	return false
}

// mentionedLines returns the lines of base that a message names
// ("returning at txn.go:14").
func mentionedLines(msg, base string) []int {
	var lines []int
	for _, m := range lineRef.FindAllStringSubmatch(msg, -1) {
		if m[1] == base {
			n, _ := strconv.Atoi(m[2])
			lines = append(lines, n)
		}
	}
	return lines
}
