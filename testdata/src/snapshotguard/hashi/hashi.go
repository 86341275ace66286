// Package hashi holds hashicorp/raft state machines with races between
// what the library runs (Apply, Restore, FSMSnapshot.Persist) and what the
// rest of the program calls.
package hashi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/hashicorp/raft"
)

// KV: Restore replaces the map without the lock Apply and Get take.
type KV struct {
	mu   sync.RWMutex
	data map[string]string
}

func (f *KV) Apply(l *raft.Log) interface{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data[string(l.Data)] = "v"
	return nil
}

func (f *KV) Snapshot() (raft.FSMSnapshot, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	cp := make(map[string]string, len(f.data))
	for k, v := range f.data {
		cp[k] = v
	}
	return &kvSnapshot{data: cp}, nil
}

func (f *KV) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	data := map[string]string{}
	if err := json.NewDecoder(rc).Decode(&data); err != nil {
		return err
	}
	f.data = data // want `snapshotguard: \(\*KV\).Restore assigns f.data without f.mu, which \(\*KV\).Apply holds to change it at hashi.go:25 and \(\*KV\).Get holds to read it at hashi.go:52; take f.mu.Lock`
	return nil
}

func (f *KV) Get(k string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.data[k]
}

type kvSnapshot struct{ data map[string]string }

func (s *kvSnapshot) Persist(sink raft.SnapshotSink) error {
	return json.NewEncoder(sink).Encode(s.data) // a copy made by Snapshot: nobody writes it
}

func (s *kvSnapshot) Release() {}

// Cache: Restore holds only the read lock while it replaces the map.
type Cache struct {
	mu      sync.RWMutex
	entries map[string]int
}

func (c *Cache) Apply(l *raft.Log) interface{} {
	c.mu.Lock()
	c.entries[string(l.Data)]++
	c.mu.Unlock()
	return nil
}

func (c *Cache) Snapshot() (raft.FSMSnapshot, error) { return nil, nil }

func (c *Cache) Restore(rc io.ReadCloser) error {
	m := map[string]int{}
	if err := json.NewDecoder(rc).Decode(&m); err != nil {
		return err
	}
	c.mu.RLock()
	c.entries = m // want `snapshotguard: \(\*Cache\).Restore assigns c.entries holding only c.mu.RLock, and \(\*Cache\).Lookup reads it under c.mu.RLock at hashi.go:92: a read lock does not keep readers out; take c.mu.Lock`
	c.mu.RUnlock()
	return nil
}

func (c *Cache) Lookup(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.entries[k]
}

// Counter: Apply counts with no lock; a snapshot's Persist, which the
// library runs beside Apply, reads the counter through its FSM, and so do
// a goroutine and an HTTP handler.
type Counter struct {
	count   uint64
	applied uint64
}

func (c *Counter) Apply(l *raft.Log) interface{} {
	c.count++
	c.applied = l.Index
	return nil
}

func (c *Counter) Snapshot() (raft.FSMSnapshot, error) {
	return &counterSnapshot{fsm: c, at: c.count}, nil // serialized with Apply by the library: not reported
}

func (c *Counter) Restore(rc io.ReadCloser) error {
	return json.NewDecoder(rc).Decode(&c.count)
}

type counterSnapshot struct {
	fsm *Counter
	at  uint64
}

func (s *counterSnapshot) Persist(sink raft.SnapshotSink) error {
	_, err := fmt.Fprint(sink, s.fsm.count) // want `snapshotguard: s.fsm.count is read without a lock \(and 2 other readers\), but \(\*Counter\).Apply \(hashi.go:104\) assigns it; guard it with one mutex: Lock in \(\*Counter\).Apply, RLock here`
	return err
}

func (s *counterSnapshot) Release() {}

func (c *Counter) watch(out chan<- uint64) {
	for {
		out <- c.applied // want `c.applied is read without a lock \(and 1 other reader\), but \(\*Counter\).Apply`
	}
}

func (c *Counter) Serve(out chan<- uint64) {
	go c.watch(out)
}

func (c *Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, c.count) // one of the other readers of the finding at hashi.go:123
}

// Reset writes what Apply writes, with no lock either.
func (c *Counter) Reset() {
	c.applied = 0 // the other reader of the finding at hashi.go:131
}

// View is made before the state machine is handed to raft: a constructor
// reads what it needs then.
type View struct{ start uint64 }

func NewView(c *Counter) *View { return &View{start: c.applied} }

var defaultCounter = &Counter{}

func NewDefaultView() *View { return &View{start: defaultCounter.applied} }

// RestoreLegacy is the older format's restore, which Restore's caller
// picks instead of Restore: serialized with the roles, not a reader.
func (c *Counter) RestoreLegacy(rc io.ReadCloser) error {
	c.applied = 0
	return json.NewDecoder(rc).Decode(&c.count)
}

// LoadReadOnly fills a state machine its caller passes, which may be one
// raft does not run (vault's LoadReadOnlySnapshot): the caller's to judge.
func LoadReadOnly(c *Counter) uint64 { return c.count }

// watchCount is started with the live state machine: what it reaches
// through its parameters counts.
func watchCount(c *Counter, out chan<- uint64) {
	out <- c.count // one of the other readers of the finding at hashi.go:123
}

func (c *Counter) Watch(out chan<- uint64) { go watchCount(c, out) }

// Gauge is Counter with its lock: the goroutine, the handler and the
// writer beside Apply all take mu. Not reported.
type Gauge struct {
	mu      sync.RWMutex
	applied uint64
}

func (g *Gauge) Apply(l *raft.Log) interface{} {
	g.mu.Lock()
	g.applied = l.Index
	g.mu.Unlock()
	return nil
}

func (g *Gauge) Snapshot() (raft.FSMSnapshot, error) { return nil, nil }

func (g *Gauge) Restore(rc io.ReadCloser) error { return rc.Close() }

func (g *Gauge) watch(out chan<- uint64) {
	for {
		g.mu.RLock()
		v := g.applied
		g.mu.RUnlock()
		out <- v
	}
}

func (g *Gauge) Serve(out chan<- uint64) { go g.watch(out) }

func (g *Gauge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	fmt.Fprint(w, g.applied)
}

func (g *Gauge) Reset() {
	g.mu.Lock()
	g.applied = 0
	g.mu.Unlock()
}

// Docs is its own FSMSnapshot: Snapshot returns the live state machine,
// so Persist encodes the documents while Apply changes them.
type Docs struct {
	docs map[string]string
}

func (d *Docs) Apply(l *raft.Log) interface{} {
	d.docs[string(l.Data)] = "v"
	return nil
}

func (d *Docs) Snapshot() (raft.FSMSnapshot, error) { return d, nil }

func (d *Docs) Restore(rc io.ReadCloser) error { return rc.Close() }

func (d *Docs) Persist(sink raft.SnapshotSink) error {
	return json.NewEncoder(sink).Encode(d.docs) // want `snapshotguard: d.docs is read without a lock, but \(\*Docs\).Apply`
}

func (d *Docs) Release() {}

// CopiedDocs is the fix: Snapshot returns a copy, which Persist encodes;
// nobody else has it.
type CopiedDocs struct {
	docs map[string]string
}

func (d *CopiedDocs) Apply(l *raft.Log) interface{} {
	d.docs[string(l.Data)] = "v"
	return nil
}

func (d *CopiedDocs) Snapshot() (raft.FSMSnapshot, error) {
	docs := make(map[string]string, len(d.docs))
	for k, v := range d.docs {
		docs[k] = v
	}
	return &CopiedDocs{docs: docs}, nil
}

func (d *CopiedDocs) Restore(rc io.ReadCloser) error { return rc.Close() }

func (d *CopiedDocs) Persist(sink raft.SnapshotSink) error {
	return json.NewEncoder(sink).Encode(d.docs)
}

func (d *CopiedDocs) Release() {}
