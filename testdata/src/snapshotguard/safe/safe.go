// Package safe holds state machines whose state is never read while it is
// replaced without a common lock. Nothing here is reported.
package safe

import (
	"encoding/json"
	"io"
	"log"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/raft"
)

// Locked applies under Lock and reads under RLock.
type Locked struct {
	mu   sync.RWMutex
	data map[string]string
}

func (f *Locked) Apply(l *raft.Log) interface{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data[string(l.Data)] = "v"
	return nil
}

func (f *Locked) Snapshot() (raft.FSMSnapshot, error) { return nil, nil }

func (f *Locked) Restore(rc io.ReadCloser) error {
	data := map[string]string{}
	if err := json.NewDecoder(rc).Decode(&data); err != nil {
		return err
	}
	f.mu.Lock()
	f.data = data
	f.mu.Unlock()
	return nil
}

func (f *Locked) Get(k string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.data[k]
}

// Serialized takes one mutex in Apply, Snapshot and ApplySnapshot, which
// its library (recognised by name) runs on different goroutines.
type Serialized struct {
	mu      sync.Mutex
	applied uint64
	state   []byte
}

func (s *Serialized) Apply(cmd []byte, index uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = append(s.state, cmd...)
	s.applied = index
}

func (s *Serialized) Snapshot() ([]byte, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.state...), s.applied
}

func (s *Serialized) ApplySnapshot(data []byte, index uint64) {
	s.mu.Lock()
	s.state, s.applied = data, index
	s.mu.Unlock()
}

// Published builds a new state in Restore (a constructor and a helper
// filling the fresh value) and publishes it under the lock; readers take
// the pointer under the lock and read the immutable state after.
type Published struct {
	mu    sync.RWMutex
	state *state
}

type state struct{ items map[string]int }

func newState() *state { return &state{items: map[string]int{}} }

func (st *state) fill(keys []string) {
	for _, k := range keys {
		st.items[k]++
	}
}

func (p *Published) Apply(l *raft.Log) interface{} {
	next := newState()
	next.fill([]string{string(l.Data)})
	p.mu.Lock()
	p.state = next
	p.mu.Unlock()
	return nil
}

func (p *Published) Snapshot() (raft.FSMSnapshot, error) { return nil, nil }

func (p *Published) Restore(rc io.ReadCloser) error {
	var keys []string
	if err := json.NewDecoder(rc).Decode(&keys); err != nil {
		return err
	}
	next := newState()
	next.fill(keys)
	p.mu.Lock()
	p.state = next
	p.mu.Unlock()
	return nil
}

func (p *Published) Items() map[string]int {
	p.mu.RLock()
	st := p.state
	p.mu.RUnlock()
	return st.items
}

// Atomic keeps its index with sync/atomic on both sides.
type Atomic struct {
	applied uint64
	term    atomic.Uint64
}

func (a *Atomic) Apply(l *raft.Log) interface{} {
	atomic.StoreUint64(&a.applied, l.Index)
	a.term.Store(l.Term)
	return nil
}

func (a *Atomic) Snapshot() (raft.FSMSnapshot, error) { return nil, nil }

func (a *Atomic) Restore(rc io.ReadCloser) error { return rc.Close() }

func (a *Atomic) Applied() uint64 { return atomic.LoadUint64(&a.applied) }

func (a *Atomic) Term() uint64 { return a.term.Load() }

// Configured sets its logger and peers before it is handed to raft; Apply
// only reads them.
type Configured struct {
	logger *log.Logger
	peers  []string
	n      int
}

func NewNode(logger *log.Logger, peers []string) (*raft.Raft, error) {
	f := &Configured{}
	f.logger = logger
	f.SetPeers(peers)
	return raft.NewRaft(&raft.Config{}, f)
}

func (c *Configured) SetPeers(peers []string) { c.peers = peers }

func (c *Configured) Apply(l *raft.Log) interface{} {
	c.logger.Printf("apply %d on %d peers", l.Index, len(c.peers))
	c.apply(l)
	return nil
}

func (c *Configured) apply(l *raft.Log) { c.n++ }

func (c *Configured) Snapshot() (raft.FSMSnapshot, error) { return nil, nil }

func (c *Configured) Restore(rc io.ReadCloser) error { return rc.Close() }

// Peers reads what only the setup writes.
func (c *Configured) Peers() []string { return c.peers }

// Helper is exported but Apply calls it: it runs on the apply's goroutine.
type Helper struct{ n int }

func (h *Helper) Apply(l *raft.Log) interface{} {
	h.Execute(l.Data)
	return nil
}

func (h *Helper) Execute(cmd []byte) { h.n += len(cmd) }

func (h *Helper) Snapshot() (raft.FSMSnapshot, error) { return &helperSnapshot{n: h.n}, nil }

func (h *Helper) Restore(rc io.ReadCloser) error { return rc.Close() }

type helperSnapshot struct{ n int }

func (s *helperSnapshot) Persist(sink raft.SnapshotSink) error {
	_, err := sink.Write([]byte{byte(s.n)}) // a copy taken in Snapshot
	return err
}

func (s *helperSnapshot) Release() {}
