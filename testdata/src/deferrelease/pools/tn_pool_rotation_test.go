package pools

import (
	"sync"
	"testing"
)

// sync/pool_test.go: values rotate through the pool in a loop and the last
// one is dropped; a test losing a sync.Pool value loses nothing.
func TestRotation(t *testing.T) {
	var p sync.Pool
	var v any
	for j := 0; j < 10; j++ {
		if v == nil {
			v = 0
		}
		p.Put(v)
		v = p.Get()
		if v != nil && v.(int) != 0 {
			t.Errorf("expect 0, got %v", v)
			break
		}
	}
}
