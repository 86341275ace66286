package shapes

import (
	"encoding/json"
	"net/http"
	"sync"
)

type Namespace struct {
	State string
}

// Namespaces: Restore decodes the snapshot into a map of its own and
// normalises the decoded values before it takes the lock to publish the
// map. Nobody else has those values yet: not a race with the readers,
// which hold the lock.
type Namespaces struct {
	mu    sync.RWMutex
	byKey map[string]*Namespace
}

func (c *Namespaces) Restore(data []byte) error {
	var restored map[string]*Namespace
	if err := json.Unmarshal(data, &restored); err != nil {
		return err
	}
	if restored == nil {
		restored = make(map[string]*Namespace)
	}
	for _, ns := range restored {
		if ns.State == "" {
			ns.State = "active"
		}
	}
	c.mu.Lock()
	c.byKey = restored
	c.mu.Unlock()
	return nil
}

func (c *Namespaces) State(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if ns := c.byKey[k]; ns != nil {
		return ns.State
	}
	return ""
}

// Server is an etcd-style server: applySnapshot swaps the backend under
// bemu while a goroutine it starts closes the old one, so the receiver
// is captured. Compact reads the backend with no lock.
type Server struct {
	bemu sync.Mutex
	be   *backend
}

type backend struct{ path string }

func (b *backend) Close() error { return nil }

func (s *Server) applyEntries() {}

func (s *Server) applySnapshot(path string) {
	s.bemu.Lock()
	old := s.be
	go func() {
		old.Close()
	}()
	s.be = &backend{path: path}
	s.bemu.Unlock()
}

func (s *Server) Compact() string {
	return s.be.path // want `snapshotguard: s.be is read without a lock, but \(\*Server\).applySnapshot \(decoded.go:70\) assigns it; hold s.bemu \(RLock\) here, as \(\*Server\).applySnapshot holds it`
}

// Backend: methods of a storage backend named like a restore that send
// a restore through raft are writers, but what they write is the request
// they build and hand to a helper, nobody's state.
type Backend struct {
	mu sync.RWMutex
}

type LogOp struct {
	Key, Value string
}

type LogData struct {
	Ops []*LogOp
}

func (b *Backend) apply(cmd *LogData) {
	for _, op := range cmd.Ops {
		op.Value = "applied"
	}
}

func (b *Backend) RestoreSnapshot() {
	b.apply(&LogData{Ops: []*LogOp{{Key: "restore"}}})
}

func (b *Backend) Delete(k string) {
	b.mu.RLock()
	b.apply(&LogData{Ops: []*LogOp{{Key: k}}})
	b.mu.RUnlock()
}

// Store reports its statistics in a map it makes: not a constructor, a
// reader of what Restore writes.
type Store struct {
	lastApplied uint64
}

func (st *Store) Restore(index uint64) { st.lastApplied = index }

func (st *Store) Stats() map[string]any {
	stats := map[string]any{}
	stats["last_applied"] = st.lastApplied // want `snapshotguard: st.lastApplied is read without a lock \(and 1 other reader\), but \(\*Store\).Restore`
	return stats
}

// ServeHTTP reaches the same read through Stats: the other reader.
func (st *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(st.Stats())
}
