package handoff

import "testing"

// Released by t.Cleanup.
func TestCleanup(t *testing.T) {
	r, err := query("select 1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if !r.Next() {
		t.Error("no rows")
	}
}
