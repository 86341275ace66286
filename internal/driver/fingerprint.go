package driver

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// sources reads and caches the lines of the files findings point into.
type sources map[string][]string

func (s sources) lines(file string) []string {
	if ls, ok := s[file]; ok {
		return ls
	}
	data, err := os.ReadFile(file)
	var ls []string
	if err == nil {
		ls = strings.Split(string(data), "\n")
	}
	s[file] = ls
	return ls
}

// line returns line n (1-based) of file, or "".
func (s sources) line(file string, n int) string {
	ls := s.lines(file)
	if n < 1 || n > len(ls) {
		return ""
	}
	return strings.TrimSuffix(ls[n-1], "\r")
}

// lineRef matches a position inside a message ("returning at txn.go:14"),
// which moves when lines are added above it: the file's name, the line.
var lineRef = regexp.MustCompile(`([\w.+-]+\.go):(\d+)(?::\d+)?`)

// fingerprint identifies a finding across runs without its line number:
// the pass, the file relative to root, the message without positions, and
// the code of the finding's line and its neighbours, whitespace trimmed.
// Lines added or removed elsewhere in the file do not change it; editing
// the code around the finding does.
func fingerprint(f *Finding, root string, src sources) string {
	h := sha256.New()
	for _, part := range []string{f.Pass, relPath(root, f.Pos.Filename), lineRef.ReplaceAllString(f.Message, "$1"), context(f, src)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// context is the finding's line and the lines next to it, trimmed.
func context(f *Finding, src sources) string {
	var parts []string
	for n := f.Pos.Line - 1; n <= f.Pos.Line+1; n++ {
		parts = append(parts, strings.TrimSpace(src.line(f.Pos.Filename, n)))
	}
	return strings.Join(parts, "\n")
}

// fingerprints returns each finding's fingerprint, made unique by an
// occurrence number when one file holds the same finding more than once
// ("…:1", "…:2").
func fingerprints(fs []*Finding, root string, src sources) []string {
	count := map[string]int{}
	out := make([]string, len(fs))
	for i, f := range fs {
		fp := fingerprint(f, root, src)
		count[fp]++
		out[i] = fp + ":" + strconv.Itoa(count[fp])
	}
	return out
}

// relPath is file relative to root, slash-separated; file itself if it
// lies outside root.
func relPath(root, file string) string {
	if rel, err := filepath.Rel(root, canonical(file)); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(file)
}
