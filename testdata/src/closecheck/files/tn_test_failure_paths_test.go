package files

import (
	"os"
	"testing"
)

// The test expects the call to fail; the resource exists only on the path
// where the test has already failed.
func TestCreateTempFails(t *testing.T) {
	f, err := os.CreateTemp("/nonexistent/dir", "x")
	if f != nil || err == nil {
		t.Errorf("CreateTemp succeeded: %v, %v", f, err)
	}
}

func TestOpenFailsViaTB(t *testing.T) { openFails(t) }

func openFails(tb testing.TB) {
	f, err := os.Open("/nonexistent")
	if err == nil {
		tb.Error("opened", f.Name())
	}
}

// A real leak in a test is still reported.
func TestLeaksOnSuccess(t *testing.T) {
	f, err := os.Open("testdata/x") // want `closecheck: f \(from os.Open\) is not closed`
	if err != nil {
		t.Fatal(err)
	}
	f.Stat()
}
