// Package raft is a stub of github.com/hashicorp/raft: the state machine
// interfaces and how the library calls them.
package raft

import "io"

// Log is a committed entry.
type Log struct {
	Index uint64
	Term  uint64
	Data  []byte
}

// FSM is implemented by clients. Apply and Snapshot are always called
// from the same goroutine, but Apply runs concurrently with
// FSMSnapshot.Persist. Restore is not called concurrently with any other
// command.
type FSM interface {
	Apply(*Log) interface{}
	Snapshot() (FSMSnapshot, error)
	Restore(snapshot io.ReadCloser) error
}

// BatchingFSM applies several logs at once.
type BatchingFSM interface {
	ApplyBatch([]*Log) []interface{}
	FSM
}

// FSMSnapshot is returned by FSM.Snapshot.
type FSMSnapshot interface {
	Persist(sink SnapshotSink) error
	Release()
}

// SnapshotSink is where a snapshot is written.
type SnapshotSink interface {
	io.WriteCloser
	ID() string
	Cancel() error
}

// Config configures a Raft.
type Config struct{}

// Raft is a replica.
type Raft struct{}

// NewRaft starts a replica that calls fsm from its own goroutines.
func NewRaft(conf *Config, fsm FSM) (*Raft, error) { return &Raft{}, nil }
