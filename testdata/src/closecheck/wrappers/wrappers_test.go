package wrappers

import "testing"

// A test that expects opening to fail: the result is discarded but the
// error is checked.
func TestOpenFailure(t *testing.T) {
	_, err := Open("wrappers.go")
	if err == nil {
		t.Errorf("opened a Go file as an image")
	}
}

// Called for its side effect: the discarded result is not reported in tests.
func TestSideEffect(t *testing.T) {
	Open("testdata/none")
}
