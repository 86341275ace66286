// Package etcdlike holds etcd-raft based servers: the snapshot is applied
// by unexported methods (applySnapshot) of a type that also applies
// entries, recognised by name.
package etcdlike

import (
	"sync"

	"go.etcd.io/raft/v3/raftpb"
)

type backend struct{ path string }

func openBackend(snap raftpb.Snapshot) *backend { return &backend{path: string(snap.Data)} }

// Server swaps its backend with no lock while Range reads it.
type Server struct {
	be    *backend
	index uint64
}

func (s *Server) applyEntries(ents []raftpb.Entry) {
	for _, e := range ents {
		s.applyEntry(e)
	}
}

func (s *Server) applyEntry(e raftpb.Entry) {}

func (s *Server) applySnapshot(snap raftpb.Snapshot) {
	s.be = openBackend(snap)
}

func (s *Server) Range(key string) string {
	return s.be.path + key // want `snapshotguard: s.be is read without a lock, but \(\*Server\).applySnapshot \(etcdlike.go:31\) assigns it; guard it with one mutex: Lock in \(\*Server\).applySnapshot, RLock here`
}

// Guarded swaps it under bemu, and every read takes bemu: etcd's own way.
type Guarded struct {
	bemu sync.RWMutex
	be   *backend
}

func (s *Guarded) applyAll(snap raftpb.Snapshot) { s.applySnapshot(snap) }

func (s *Guarded) applySnapshot(snap raftpb.Snapshot) {
	newbe := openBackend(snap)
	s.bemu.Lock()
	s.be = newbe
	s.bemu.Unlock()
}

func (s *Guarded) backend() *backend {
	s.bemu.RLock()
	defer s.bemu.RUnlock()
	return s.be
}

func (s *Guarded) Range(key string) string { return s.backend().path + key }

// Node applies its snapshot from one place, holding mu: applySnapshot
// requires mu, inferred from its only caller, and Index reads under mu.
type Node struct {
	mu    sync.RWMutex
	index uint64
}

func (n *Node) applyAll(snap raftpb.Snapshot) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.applySnapshot(snap)
}

func (n *Node) applySnapshot(snap raftpb.Snapshot) { n.index = snap.Metadata.Index }

func (n *Node) Index() uint64 {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.index
}

// Loop drives the apply: it runs on the apply's goroutine, so what it
// reads is not raced by the apply.
type Loop struct {
	index uint64
}

func (l *Loop) applySnapshot(snap raftpb.Snapshot) { l.index = snap.Metadata.Index }

func (l *Loop) applyEntries(ents []raftpb.Entry) {}

func (l *Loop) Run(snaps <-chan raftpb.Snapshot) {
	for snap := range snaps {
		if snap.Metadata.Index > l.index {
			l.applySnapshot(snap)
		}
	}
}

// raftNode is unexported and so is its snapshot installer: its exported
// methods are called by its own package, from the goroutine that applies
// (hashicorp/raft's and nats' main loops). Not readers. (An unexported
// type with an exported Restore is driven from other packages through an
// interface: shapes/mvcc.go.)
type raftNode struct {
	term uint64
}

func (r *raftNode) installSnapshot(snap raftpb.Snapshot) { r.term = snap.Metadata.Term }

func (r *raftNode) applyLogs(ents []raftpb.Entry) {}

func (r *raftNode) Term() uint64 { return r.term }

// entries come from a pool: the snapshot installer fills a fresh one, as
// do the readers; nobody shares them.
type entry struct {
	typ  int
	data []byte
}

var entryPool = sync.Pool{New: func() any { return new(entry) }}

func newEntry(typ int, data []byte) *entry {
	e := entryPool.Get().(*entry)
	e.typ, e.data = typ, data
	return e
}

type Log struct {
	last *entry
	sent chan *entry
}

func (l *Log) applyEntries(ents []raftpb.Entry) {}

func (l *Log) InstallSnapshot(snap raftpb.Snapshot) {
	e := newEntry(1, snap.Data)
	l.sent <- e
}

func (l *Log) Propose(data []byte) {
	e := newEntry(0, data)
	e.typ = 2
	l.sent <- e
}
