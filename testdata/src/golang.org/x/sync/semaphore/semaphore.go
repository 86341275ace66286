// Package semaphore stubs golang.org/x/sync/semaphore.
package semaphore

import (
	"context"
	"sync"
)

// Weighted provides a way to bound concurrent access to a resource.
type Weighted struct {
	size int64
	cur  int64
	mu   sync.Mutex
}

// NewWeighted creates a new weighted semaphore.
func NewWeighted(n int64) *Weighted { return &Weighted{size: n} }

// Acquire acquires n, blocking until it can or ctx is done; on failure it
// acquires nothing.
func (s *Weighted) Acquire(ctx context.Context, n int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	s.cur += n
	s.mu.Unlock()
	return nil
}

// TryAcquire acquires n without blocking and reports whether it did.
func (s *Weighted) TryAcquire(n int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur+n > s.size {
		return false
	}
	s.cur += n
	return true
}

// Release releases n.
func (s *Weighted) Release(n int64) {
	s.mu.Lock()
	s.cur -= n
	s.mu.Unlock()
}
