// Package snapshotguard defines an Analyzer that reports state a snapshot
// apply replaces while other goroutines read it without the apply's lock.
//
// # Analyzer snapshotguard
//
// snapshotguard: report state a snapshot apply replaces while others read it without its lock
//
// A raft state machine's apply and snapshot restore run on the library's
// goroutine while HTTP handlers, exported methods and background
// goroutines read the same state. When the restore closes and reopens a
// store, or replaces a map, a read that holds no lock the restore holds
// sees a closed handle or a map being written: a crash, or a stale read.
//
// Writers are the methods that change replicated state:
//
//   - hashicorp/raft: FSM.Apply, BatchingFSM.ApplyBatch, FSM.Restore
//     (FSM.Snapshot runs on their goroutine; FSMSnapshot.Persist runs
//     beside Apply);
//   - dragonboat: Update and RecoverFromSnapshot (Lookup and SaveSnapshot
//     run beside them for concurrent and on-disk state machines; a regular
//     state machine is locked by the library);
//   - any other type with an exported ApplySnapshot, Restore,
//     RecoverFromSnapshot or LoadSnapshot method, with or without an apply
//     method, or with one of those unexported (etcd's applySnapshot) or
//     InstallSnapshot beside an apply or snapshot method: those methods,
//     Apply and the type's exported RestoreXxx methods; its exported
//     Snapshot and XxxSnapshot methods run beside them (such libraries
//     persist snapshots on a goroutine of their own);
//   - functions named by -snapshotguard.funcs (Name, Type.Name or
//     (*pkg/path.Type).Name, comma-separated) or annotated
//     //leaklint:snapshot.
//
// Readers are what can run meanwhile: the concurrent roles above,
// exported functions and methods (of a state machine with an exported
// writer even when its type is not exported: other packages call it
// through an interface), HTTP handlers, functions started as goroutines
// (go, errgroup.Go, WaitGroup.Go) and function literals stored in a
// package variable or a field (a metrics callback). Left out are what a
// writer calls and what calls a writer (the apply loop), constructors,
// Open, Close, Start, Stop, Shutdown, Init and Cleanup, and tests.
//
// Writes are field assignments, map and slice updates, Close on a field's
// value, and a field's address handed to a decoder; reads are field loads.
// Both are followed through calls, across packages as facts: a restore
// that calls store.Close and store.Open replaces what the store's Get
// reads. The mutexes held at each access come from Lock/RLock/Unlock and
// deferred unlocks, plus those every caller of an unexported function
// holds (inferred, as gVisor's checklocks annotations would say). Values
// the function allocated (constructors, fresh locals, the values of a map
// it just decoded) and fields whose accesses are atomic on both sides are
// exempt. Only the replicated state counts as written: not what a writer
// reaches from package-level variables (statistics, logging, metrics),
// nor what a callee that takes a mutex of its own on some path writes
// outside it (a cache or collector that locks when configured to).
//
// A write and a read overlap unless both hold one mutex and one of them
// holds it for writing. Each race is reported once per field and writer:
// at the most direct read, earliest in the source, naming the write and
// where it is, the number of other readers ("and 11 other readers", each
// listed as related information), and which lock to take. It is at the
// write when the write is the one out of line: it holds only a read
// lock, or it lacks the mutex the other writes and the read hold, or the
// mutex of the field's own struct that the read holds (revMu for
// currentRev). A field annotated
// //leaklint:guardedby mu must be written under mu.Lock and read under
// mu, whatever else is held.
//
// Findings are silenced by //nolint, //nolint:snapshotguard or
// //lint:ignore snapshotguard <reason>, and are not reported in generated
// files.
package snapshotguard
