package files

import (
	"os"
	"testing"
)

// A test helper that registers the close with t.Cleanup and also returns
// the file: the caller does not own it.
func tempFile(t *testing.T) *os.File {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestUsesHelper(t *testing.T) {
	f := tempFile(t)
	if _, err := f.WriteString("x"); err != nil {
		t.Fatal(err)
	}
}
