// Package master is the metadata master that crashed: its state machine
// (a library of its own, recognised by name) closes and reopens the store
// while HTTP handlers and the ID allocator read through the same handle,
// and Apply writes the applied index that Snapshot, which the library
// runs on another goroutine, reads with no common lock.
package master

import (
	"net/http"
	"sync"

	"snapshotguard/store"
)

type MetadataFsm struct {
	store   *store.Store
	applied uint64
}

func (mf *MetadataFsm) Apply(cmd []byte, index uint64) (interface{}, error) {
	if err := mf.store.Put("k", cmd); err != nil {
		return nil, err
	}
	mf.applied = index
	return nil, nil
}

func (mf *MetadataFsm) Snapshot() (uint64, error) {
	return mf.applied, nil // want `snapshotguard: mf.applied is read without a lock, but \(\*MetadataFsm\).Apply \(master.go:24\) assigns it; guard it with one mutex: Lock in \(\*MetadataFsm\).Apply, RLock here`
}

func (mf *MetadataFsm) ApplySnapshot(peers []string, data []byte) error {
	if err := mf.store.Close(); err != nil {
		return err
	}
	return mf.store.Open()
}

func (mf *MetadataFsm) Get(k string) ([]byte, error) {
	return mf.store.Get(k) // want `snapshotguard: s.db is read through Store.Get without a lock \(and 2 other readers\), but \(\*MetadataFsm\).ApplySnapshot \(master.go:33\) replaces it through Store.Close/Open; guard it with one mutex: Lock in \(\*MetadataFsm\).ApplySnapshot, RLock here`
}

// IDAllocator shares the store's handle.
type IDAllocator struct {
	store *store.Store
}

func (a *IDAllocator) Next() uint64 {
	v, _ := a.store.Get("next-id") // another reader of the finding at master.go:40
	return uint64(len(v))
}

type server struct {
	fsm *MetadataFsm
}

func (s *server) handleGet(w http.ResponseWriter, r *http.Request) {
	v, _ := s.fsm.store.Get(r.URL.Path) // another reader of the finding at master.go:40
	w.Write(v)
}

// Close runs once raft has stopped: not a reader.
func (mf *MetadataFsm) Close() error { return mf.store.Close() }

// LockedFsm closes and reopens the same store under mu, and Get reads
// through it under mu.RLock: the store's facts carry the locks of the
// calls. Not reported.
type LockedFsm struct {
	mu    sync.RWMutex
	store *store.Store
}

func (lf *LockedFsm) Apply(cmd []byte, index uint64) (interface{}, error) {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	return nil, lf.store.Put("k", cmd)
}

func (lf *LockedFsm) ApplySnapshot(peers []string, data []byte) error {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	if err := lf.store.Close(); err != nil {
		return err
	}
	return lf.store.Open()
}

func (lf *LockedFsm) Get(k string) ([]byte, error) {
	lf.mu.RLock()
	defer lf.mu.RUnlock()
	return lf.store.Get(k)
}
