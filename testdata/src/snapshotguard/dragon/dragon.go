// Package dragon holds dragonboat state machines. A regular one is locked
// by the library; a concurrent one sees Lookup during Update.
package dragon

import (
	"encoding/binary"
	"io"
	"sync"

	sm "github.com/lni/dragonboat/v4/statemachine"
)

// Regular: dragonboat's RWMutex keeps Lookup and SaveSnapshot out of
// Update. Not reported.
type Regular struct{ count uint64 }

func (s *Regular) Update(e sm.Entry) (sm.Result, error) {
	s.count++
	return sm.Result{Value: s.count}, nil
}

func (s *Regular) Lookup(q interface{}) (interface{}, error) { return s.count, nil }

func (s *Regular) SaveSnapshot(w io.Writer, fc sm.ISnapshotFileCollection, done <-chan struct{}) error {
	return binary.Write(w, binary.LittleEndian, s.count)
}

func (s *Regular) RecoverFromSnapshot(r io.Reader, files []sm.SnapshotFile, done <-chan struct{}) error {
	return binary.Read(r, binary.LittleEndian, &s.count)
}

func (s *Regular) Close() error { return nil }

// Concurrent: Lookup runs while Update runs.
type Concurrent struct{ count uint64 }

func (s *Concurrent) Update(es []sm.Entry) ([]sm.Entry, error) {
	s.count += uint64(len(es))
	return es, nil
}

func (s *Concurrent) Lookup(q interface{}) (interface{}, error) {
	return s.count, nil // want `snapshotguard: s.count is read without a lock, but \(\*Concurrent\).Update \(dragon.go:38\) assigns it; guard it with one mutex: Lock in \(\*Concurrent\).Update, RLock here`
}

func (s *Concurrent) PrepareSnapshot() (interface{}, error) { return s.count, nil }

func (s *Concurrent) SaveSnapshot(ctx interface{}, w io.Writer, fc sm.ISnapshotFileCollection, done <-chan struct{}) error {
	return binary.Write(w, binary.LittleEndian, ctx.(uint64)) // the prepared copy
}

func (s *Concurrent) RecoverFromSnapshot(r io.Reader, files []sm.SnapshotFile, done <-chan struct{}) error {
	var n uint64
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return err
	}
	s.count = n
	return nil
}

func (s *Concurrent) Close() error { return nil }

// LockedConcurrent is Concurrent done right: Update and
// RecoverFromSnapshot take the write lock, Lookup the read lock. Not
// reported.
type LockedConcurrent struct {
	mu    sync.RWMutex
	count uint64
}

func (s *LockedConcurrent) Update(es []sm.Entry) ([]sm.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count += uint64(len(es))
	return es, nil
}

func (s *LockedConcurrent) Lookup(q interface{}) (interface{}, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count, nil
}

func (s *LockedConcurrent) PrepareSnapshot() (interface{}, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count, nil
}

func (s *LockedConcurrent) SaveSnapshot(ctx interface{}, w io.Writer, fc sm.ISnapshotFileCollection, done <-chan struct{}) error {
	return binary.Write(w, binary.LittleEndian, ctx.(uint64))
}

func (s *LockedConcurrent) RecoverFromSnapshot(r io.Reader, files []sm.SnapshotFile, done <-chan struct{}) error {
	var n uint64
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return err
	}
	s.mu.Lock()
	s.count = n
	s.mu.Unlock()
	return nil
}

func (s *LockedConcurrent) Close() error { return nil }
