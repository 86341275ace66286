// Package master is the metadata master that crashed: its state machine
// (a library of its own, recognised by name) closes and reopens the store
// while HTTP handlers and the ID allocator read through the same handle,
// and Apply writes the applied index that Snapshot, which the library
// runs on another goroutine, reads with no common lock.
package master

import (
	"net/http"

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
	return mf.applied, nil // want `snapshotguard: mf.applied is read without a lock, but \(\*MetadataFsm\).Apply \(master.go:23\) assigns it; guard it with one mutex: Lock in \(\*MetadataFsm\).Apply, RLock here`
}

func (mf *MetadataFsm) ApplySnapshot(peers []string, data []byte) error {
	if err := mf.store.Close(); err != nil {
		return err
	}
	return mf.store.Open()
}

func (mf *MetadataFsm) Get(k string) ([]byte, error) {
	return mf.store.Get(k) // want `snapshotguard: s.db is read through Store.Get without a lock, but \(\*MetadataFsm\).ApplySnapshot \(master.go:32\) replaces it through Store.Close/Open; guard it with one mutex: Lock in \(\*MetadataFsm\).ApplySnapshot, RLock here`
}

// IDAllocator shares the store's handle.
type IDAllocator struct {
	store *store.Store
}

func (a *IDAllocator) Next() uint64 {
	v, _ := a.store.Get("next-id") // want `s.db is read through Store.Get without a lock, but \(\*MetadataFsm\).ApplySnapshot`
	return uint64(len(v))
}

type server struct {
	fsm *MetadataFsm
}

func (s *server) handleGet(w http.ResponseWriter, r *http.Request) {
	v, _ := s.fsm.store.Get(r.URL.Path) // want `s.db is read through Store.Get without a lock`
	w.Write(v)
}

// Close runs once raft has stopped: not a reader.
func (mf *MetadataFsm) Close() error { return mf.store.Close() }
