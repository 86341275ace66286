package refs

import (
	"errors"
	"sync"
	"sync/atomic"
)

// A version of the LSM, reference-counted: Unref drops a reference,
// UnrefLocked does the same for a caller that holds the version list's
// mutex.
type version struct {
	refs atomic.Int32
}

func (v *version) Ref() { v.refs.Add(1) }

func (v *version) Unref() { v.refs.Add(-1) }

func (v *version) UnrefLocked() { v.refs.Add(-1) }

type versionSet struct {
	mu      sync.Mutex
	current *version
}

var errCancelled = errors.New("cancelled")

// The compaction pins the current version and returns early when it is
// cancelled, without dropping the reference.
func (vs *versionSet) compact(cancelled bool) error {
	vers := vs.current
	vers.Ref() // want `deferrelease: the reference from vers.Ref is not released on the path returning at tp_unref_locked.go:35 \(add defer vers.Unref\(\) after line 33\)`
	if cancelled {
		return errCancelled
	}
	vers.Unref()
	return nil
}

// The fix: the deferred UnrefLocked runs while vs.mu is held again.
func (vs *versionSet) compactFixed(cancelled bool) error {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	vers := vs.current
	vers.Ref()
	defer vers.UnrefLocked()
	if cancelled {
		return errCancelled
	}
	return nil
}

// An eventually-file-only snapshot takes a reference to the version it
// moves to: it keeps the version, or drops the reference if it was closed
// meanwhile. Each iteration's Ref is handed on.
type efos struct {
	mu     sync.Mutex
	closed chan struct{}
	vers   *version
}

func (e *efos) transition(v *version) error {
	e.mu.Lock()
	select {
	case <-e.closed:
		v.UnrefLocked()
		e.mu.Unlock()
		return errCancelled
	default:
	}
	e.vers = v
	e.mu.Unlock()
	return nil
}

func (vs *versionSet) transitionAll(snaps []*efos) {
	cur := vs.current
	for _, s := range snaps {
		cur.Ref()
		_ = s.transition(cur)
	}
}

func (e *efos) peek(v *version) int32 { return v.refs.Load() }

// Here the snapshot only looks at the version: each iteration's Ref is
// still held when the loop takes the next.
func (vs *versionSet) peekAll(snaps []*efos) {
	cur := vs.current
	for _, s := range snaps {
		cur.Ref() // want `deferrelease: the reference from cur.Ref is not released before the loop reaches it again; release it before the loop continues`
		_ = s.peek(cur)
	}
}
