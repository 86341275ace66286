// Package raftpb is a stub of etcd raft's messages.
package raftpb

type SnapshotMetadata struct {
	Index uint64
	Term  uint64
}

type Snapshot struct {
	Data     []byte
	Metadata SnapshotMetadata
}

type Entry struct {
	Index uint64
	Data  []byte
}
