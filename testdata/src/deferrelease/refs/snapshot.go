// Package refs holds deferrelease cases about reference counts.
package refs

import (
	"errors"
	"sync"
	"sync/atomic"
)

// Snapshot is reference counted: the last Release frees its pages.
type Snapshot struct {
	refs  atomic.Int32
	epoch uint64
	pages [][]byte
}

func (s *Snapshot) Retain() { s.refs.Add(1) }

func (s *Snapshot) Release() {
	if s.refs.Add(-1) == 0 {
		s.pages = nil
	}
}

// Store keeps the latest snapshot.
type Store struct {
	mu     sync.Mutex
	latest *Snapshot
}

var errStale = errors.New("stale")
