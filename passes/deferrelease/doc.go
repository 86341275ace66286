// Package deferrelease defines an Analyzer that reports paired
// acquire/release APIs released on some paths but not all.
//
// # Analyzer deferrelease
//
// deferrelease: report pool buffers, references and permits not given back on every path
//
// Pooled memory and reference counts leak the way connections do: one
// path forgets the release, and a byte budget or a chain of snapshots
// drains slowly. deferrelease tracks these pairs:
//
//   - pools: sync.Pool, and any type or interface with a Get… method
//     (no parameters, or only integer ones such as a size) returning T or
//     (T, error) and a Put(T) method: the value must be put back into the
//     same pool (the same variable, or the same field path of the same
//     receiver);
//   - references and permits taken on a receiver: Retain/Release,
//     IncRef/DecRef, Ref/Unref, Acquire/Release. An Acquire returning an
//     error holds the permit only once it returned nil; TryAcquire holds
//     it only on its true branch; a Release with a different weight than
//     the Acquire does not give the permit back;
//   - wrappers, across packages through facts: a function that returns a
//     pooled or retained value (getBuf) lends it to its caller, and one
//     that puts its argument back (putBuf) releases it;
//   - owners: a fresh value whose Release method gives back what its
//     fields hold;
//   - pairs named with -deferrelease.pairs, such as
//     '(*example.com/pool.Bytes).Get=Put,(*example.com/snap.Snap).Pin=Unpin':
//     when the release method takes an argument the acquired value is
//     passed back to it, otherwise the receiver is held.
//
// The path rules are closecheck's, from the same engine: the acquiring
// call's error branch carries nothing, calls that never return end a path,
// a defer releases on every path it was registered on, and the value
// handed on (returned, stored where it outlives the function, recorded in
// an owner whose release method gives it back, sent, captured by a
// goroutine, passed to a function that keeps or releases it) is no
// longer this function's to release.
//
// Besides a release missing on some path, deferrelease reports a pooled
// value used after it was put back, and a value put back or released twice
// on one path (an explicit release after a deferred one included).
//
// Each finding names what was acquired and from where, the exit that
// misses the release, and the fix. When the release exists on some paths
// and the value is never handed on, a suggested fix adds the deferred
// release after the acquisition (and its error check) and removes the
// explicit ones.
//
// Findings are silenced by //nolint, //nolint:deferrelease or
// //lint:ignore deferrelease <reason>, and are not reported in generated
// files.
package deferrelease
