package leaky

import "testing"

// A test file, so that the package has a test variant that reports the
// same findings again.
func TestSize(t *testing.T) {
	if _, err := Size("leaky.go"); err != nil {
		t.Fatal(err)
	}
}
