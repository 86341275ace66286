// Package statemachine is a stub of dragonboat's state machine
// interfaces. A regular IStateMachine is guarded by the library's RWMutex;
// an IConcurrentStateMachine or IOnDiskStateMachine may see Lookup and
// SaveSnapshot during Update.
package statemachine

import "io"

type Entry struct {
	Index uint64
	Cmd   []byte
}

type Result struct{ Value uint64 }

type SnapshotFile struct{ Filepath string }

type ISnapshotFileCollection interface {
	AddFile(fileID uint64, path string, metadata []byte)
}

type IStateMachine interface {
	Update(Entry) (Result, error)
	Lookup(interface{}) (interface{}, error)
	SaveSnapshot(io.Writer, ISnapshotFileCollection, <-chan struct{}) error
	RecoverFromSnapshot(io.Reader, []SnapshotFile, <-chan struct{}) error
	Close() error
}

type IConcurrentStateMachine interface {
	Update([]Entry) ([]Entry, error)
	Lookup(interface{}) (interface{}, error)
	PrepareSnapshot() (interface{}, error)
	SaveSnapshot(interface{}, io.Writer, ISnapshotFileCollection, <-chan struct{}) error
	RecoverFromSnapshot(io.Reader, []SnapshotFile, <-chan struct{}) error
	Close() error
}

type IOnDiskStateMachine interface {
	Open(stopc <-chan struct{}) (uint64, error)
	Update([]Entry) ([]Entry, error)
	Lookup(interface{}) (interface{}, error)
	Sync() error
	PrepareSnapshot() (interface{}, error)
	SaveSnapshot(interface{}, io.Writer, <-chan struct{}) error
	RecoverFromSnapshot(io.Reader, <-chan struct{}) error
	Close() error
}
