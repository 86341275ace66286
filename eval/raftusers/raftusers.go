// Package raftusers pins state machines built on hashicorp/raft, for
// snapshotguard's evaluation (../raftusers.sh). It has no code of its own.
package raftusers
