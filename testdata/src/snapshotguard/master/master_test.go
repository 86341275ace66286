package master

import "testing"

var shared = &MetadataFsm{}

// Tests call the state machine themselves, one step at a time: not
// readers.
func TestApplied(t *testing.T) {
	if shared.applied != 0 {
		t.Fatal(shared.applied)
	}
}
