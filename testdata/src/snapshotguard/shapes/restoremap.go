// Package shapes holds state machines of no raft library, recognised by
// their method names, each race next to its fixed twin.
package shapes

import (
	"encoding/json"
	"sync"
	"sync/atomic"

	"snapshotguard/stats"
	"snapshotguard/store"
)

// MapFSM: Restore replaces the map without the mutex that Apply and Get
// hold. The finding is at the write, the one out of line.
type MapFSM struct {
	mu   sync.RWMutex
	data map[string]string
}

func (f *MapFSM) Apply(k, v string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data[k] = v
}

func (f *MapFSM) Restore(b []byte) error {
	data := map[string]string{}
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	f.data = data // want `snapshotguard: \(\*MapFSM\).Restore assigns f.data without f.mu, which \(\*MapFSM\).Apply holds to change it at restoremap.go:24 and \(\*MapFSM\).Get holds to read it at restoremap.go:39; take f.mu.Lock`
	return nil
}

func (f *MapFSM) Get(k string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.data[k]
}

// LockedMapFSM is the fix: Restore swaps the map under the same mutex.
type LockedMapFSM struct {
	mu   sync.RWMutex
	data map[string]string
}

func (f *LockedMapFSM) Apply(k, v string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data[k] = v
}

func (f *LockedMapFSM) Restore(b []byte) error {
	data := map[string]string{}
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	f.mu.Lock()
	f.data = data
	f.mu.Unlock()
	return nil
}

func (f *LockedMapFSM) Get(k string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.data[k]
}

// RLockFSM: Restore writes under the read lock that Lookup reads under;
// a read lock does not keep readers out.
type RLockFSM struct {
	mu    sync.RWMutex
	index uint64
}

func (f *RLockFSM) Restore(index uint64) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	f.index = index // want `snapshotguard: \(\*RLockFSM\).Restore assigns f.index holding only f.mu.RLock, and \(\*RLockFSM\).Lookup reads it under f.mu.RLock at restoremap.go:87: a read lock does not keep readers out; take f.mu.Lock`
}

func (f *RLockFSM) Lookup() uint64 {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.index
}

// WLockFSM is the fix: Restore takes the write lock.
type WLockFSM struct {
	mu    sync.RWMutex
	index uint64
}

func (f *WLockFSM) Restore(index uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.index = index
}

func (f *WLockFSM) Lookup() uint64 {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.index
}

// StoreFSM closes and reopens the store in ApplySnapshot while Get reads
// the store's handle through the store's own Get: the store's readers are
// the state machine's.
type StoreFSM struct {
	store *store.Store
}

func (f *StoreFSM) ApplySnapshot(data []byte) error {
	stats.End("apply-snapshot") // a statistics helper: not the state
	if err := f.store.Close(); err != nil {
		return err
	}
	return f.store.Open()
}

func (f *StoreFSM) Get(k string) ([]byte, error) {
	return f.store.Get(k) // want `snapshotguard: s.db is read through Store.Get without a lock, but \(\*StoreFSM\).ApplySnapshot \(restoremap.go:117\) replaces it through Store.Close/Open`
}

// Ops reads the statistics that ApplySnapshot also writes: the helper's
// business, not a race on the state machine.
func (f *StoreFSM) Ops() int { return stats.Count("apply-snapshot") }

// SwappedFSM is the fix with an atomic pointer: ApplySnapshot opens a new
// store and publishes it; readers load the pointer. (The old store is
// retired once its readers are done, which is not shown.)
type SwappedFSM struct {
	store atomic.Pointer[store.Store]
}

func (f *SwappedFSM) ApplySnapshot(dir string) error {
	s, err := store.New(dir)
	if err != nil {
		return err
	}
	f.store.Store(s)
	return nil
}

func (f *SwappedFSM) Get(k string) ([]byte, error) {
	return f.store.Load().Get(k)
}

// CachedFSM's cache locks its own mutex when it is shared, and only then:
// what Restore writes through it is the cache's business, not a race on
// the state machine.
type CachedFSM struct {
	cache *lru
}

type lru struct {
	mu     sync.Mutex
	shared bool
	items  map[string]string
}

func (c *lru) purge() {
	if c.shared {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	c.items = map[string]string{}
}

func (c *lru) size() int {
	if c.shared {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return len(c.items)
}

func (f *CachedFSM) Restore(data []byte) { f.cache.purge() }

func (f *CachedFSM) Size() int { return f.cache.size() }
