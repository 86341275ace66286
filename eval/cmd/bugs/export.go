package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// mirrorDir is where a repository's bare git snapshot is expected:
// $LEAKLINT_MIRRORS/owner+name/repo.
func mirrorDir(mirrors, repo string) string {
	return filepath.Join(mirrors, strings.Replace(repo, "/", "+", 1), "repo")
}

// treeDir is where one commit of a repository is exported.
func treeDir(trees, repo, commit string) string {
	return filepath.Join(trees, strings.Replace(repo, "/", "+", 1), commit[:12])
}

// exported marks a finished export; missingList names the blobs the
// snapshot lacked.
const (
	exported    = ".leaklint-exported"
	missingList = ".leaklint-missing"
)

// export writes the tree of commit into dir, blob by blob through one
// `git cat-file --batch`, so that blobs the snapshot lacks (large files)
// are recorded in dir/.leaklint-missing instead of failing the export.
// Submodules are recorded there too. It returns how many files are missing.
func export(git, commit, dir string) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, exported)); err == nil {
		return countMissing(dir), nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return 0, err
	}
	entries, err := listTree(git, commit)
	if err != nil {
		return 0, err
	}
	cmd := exec.Command("git", "--git-dir", git, "cat-file", "--batch")
	var ids bytes.Buffer
	var missing []string
	var blobs []treeEntry
	for _, e := range entries {
		if e.kind != "blob" {
			missing = append(missing, e.path+" ("+e.kind+")")
			continue
		}
		blobs = append(blobs, e)
		fmt.Fprintln(&ids, e.id)
	}
	cmd.Stdin = &ids
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	r := bufio.NewReaderSize(out, 1<<20)
	for _, e := range blobs {
		ok, err := writeBlob(r, dir, e)
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return 0, fmt.Errorf("%s: %v", e.path, err)
		}
		if !ok {
			missing = append(missing, e.path)
		}
	}
	if err := cmd.Wait(); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(dir, missingList), []byte(strings.Join(missing, "\n")), 0o644); err != nil {
		return 0, err
	}
	return len(missing), os.WriteFile(filepath.Join(dir, exported), []byte(commit+"\n"), 0o644)
}

type treeEntry struct{ mode, kind, id, path string }

func listTree(git, commit string) ([]treeEntry, error) {
	out, err := exec.Command("git", "--git-dir", git, "ls-tree", "-r", "-z", commit).Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-tree %s: %v (is the commit in the snapshot?)", commit[:12], err)
	}
	var entries []treeEntry
	for _, rec := range bytes.Split(out, []byte{0}) {
		meta, path, ok := strings.Cut(string(rec), "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		entries = append(entries, treeEntry{f[0], f[1], f[2], path})
	}
	return entries, nil
}

// writeBlob reads one answer of `git cat-file --batch` and writes it to
// its path; it returns false when the object is missing.
func writeBlob(r *bufio.Reader, dir string, e treeEntry) (bool, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return false, err
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return false, nil
	}
	if len(f) != 3 {
		return false, fmt.Errorf("unexpected cat-file header %q", header)
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return false, err
	}
	content := make([]byte, size+1) // and the newline after it
	if _, err := io.ReadFull(r, content); err != nil {
		return false, err
	}
	path := filepath.Join(dir, filepath.FromSlash(e.path))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	if e.mode == "120000" { // a symbolic link: its target is the content
		return true, os.Symlink(string(content[:size]), path)
	}
	perm := os.FileMode(0o644)
	if e.mode == "100755" {
		perm = 0o755
	}
	return true, os.WriteFile(path, content[:size], perm)
}

func countMissing(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, missingList))
	if err != nil || len(bytes.TrimSpace(data)) == 0 {
		return 0
	}
	return bytes.Count(data, []byte("\n")) + 1
}
