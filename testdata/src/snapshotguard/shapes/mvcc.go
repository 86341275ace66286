package shapes

import "sync"

// KV is how other packages reach the revision store.
type KV interface {
	Rev() int64
	Restore(base int64)
}

var (
	reportRevMu sync.Mutex
	reportRev   = func() float64 { return 0 }
)

// revStore has no apply method and is not exported: its exported Restore
// makes it a state machine driven from other packages, through KV.
// Restore raises currentRev without revMu, which guards it: Rev and the
// metrics callback read it under revMu.RLock. The finding is at the
// write.
type revStore struct {
	mu         sync.RWMutex
	revMu      sync.RWMutex
	currentRev int64
}

func NewKV() KV {
	s := &revStore{}
	s.setupMetrics()
	return s
}

func (s *revStore) Restore(base int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.currentRev = base // want `snapshotguard: \(\*revStore\).Restore assigns s.currentRev without s.revMu, which \(\*revStore\).Rev holds to read it at mvcc.go:43 \(and 1 other reader\); take s.revMu.Lock`
	s.setupMetrics()
}

func (s *revStore) Rev() int64 {
	s.revMu.RLock()
	defer s.revMu.RUnlock()
	return s.currentRev
}

// setupMetrics stores a callback the metrics registry calls at any time:
// it runs beside Restore, not inside it.
func (s *revStore) setupMetrics() {
	reportRevMu.Lock()
	reportRev = func() float64 {
		s.revMu.RLock()
		defer s.revMu.RUnlock()
		return float64(s.currentRev)
	}
	reportRevMu.Unlock()
}

// fixedRevStore is the fix: Restore takes revMu around the write.
type fixedRevStore struct {
	mu         sync.RWMutex
	revMu      sync.RWMutex
	currentRev int64
}

func (s *fixedRevStore) Restore(base int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revMu.Lock()
	s.currentRev = base
	s.revMu.Unlock()
}

func (s *fixedRevStore) Rev() int64 {
	s.revMu.RLock()
	defer s.revMu.RUnlock()
	return s.currentRev
}
