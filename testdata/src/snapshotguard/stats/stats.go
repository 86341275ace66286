// Package stats is a statistics helper every function of a service
// calls: a package-level collector that locks its own mutex only when
// configured to. What it writes is no state machine's state.
package stats

import "sync"

type collector struct {
	sync.Mutex
	useMutex bool
	counts   map[string]int
}

var global = &collector{counts: map[string]int{}}

// End counts one operation.
func End(op string) {
	if global == nil {
		return
	}
	if global.useMutex {
		global.Lock()
		defer global.Unlock()
	}
	global.counts[op]++
}

// Count reads what End counted.
func Count(op string) int { return global.counts[op] }
