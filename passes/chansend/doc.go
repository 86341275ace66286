// Package chansend defines an Analyzer that reports channel sends that can
// block forever.
//
// # Analyzer chansend
//
// chansend: report channel sends that can block forever
//
// A goroutine blocked on a send never ends: it holds its stack and
// whatever it references until the process exits. chansend reports a send
// that no receiver is guaranteed to meet:
//
//   - leaked sender: a goroutine started in the function sends once on an
//     unbuffered channel made there, and some path of the function returns
//     without receiving it: the other case of a select (ctx.Done(), a
//     timer, a stop channel) was taken, or an early return came between
//     the go statement and the receive;
//   - one receive for N senders: a goroutine started in a loop sends on a
//     channel made before the loop, with a constant capacity, and the
//     function receives once;
//   - a consumer that quits: a goroutine sends more values than the
//     channel has room for (in a loop) and closes it when done, and the
//     function, which receives until it sees the close, has a path that
//     returns first;
//   - no receiver possible: a send on an unbuffered channel made in the
//     function, before any goroutine or callee could have it;
//   - send under a lock: a send on a channel field while holding a mutex
//     of the same value that another function of the package locks before
//     it receives from that field (one of the two holding it for writing);
//   - a cancel signal ignored: a send outside any select, in a loop that
//     elsewhere selects on ctx.Done() or on a stop channel (done, stopc,
//     exitCh, quit...), on a channel the function does not own (the
//     replication leader that stops on exitCh but blocks on its reply
//     send); and a pipeline stage, a goroutine that sends in a loop on a
//     channel it closes when done, with a ctx in scope it never selects on.
//
// Sends inside a select, capacities that are not constant
// (make(chan T, len(xs))), channels a function of the package keeps
// receiving from in a loop, request/reply (the value sent carries the
// channel the answer comes on, or the send answers on the channel a
// received request carried), a channel the same function also takes from
// (a token, a channel used as a lock), one-shot sends (cleared or closed
// right after, into a channel with room) and receivers that only drain
// what is buffered (len(ch) > 0) are left alone. The analysis does not follow
// channels through calls to other functions than the goroutines it starts.
//
// The finding is at the send, names the channel, where it was made and its
// capacity when the package makes it in one place, and why no receiver is
// guaranteed. The suggested fix gives the channel a capacity equal to the
// number of senders when it is static: 1 for a single sender, len(xs) (or
// n) for one goroutine per element of a range loop; otherwise, when a cancel signal is in scope and a bare
// return can leave the function, it wraps the send in
// select { case ch <- v: case <-signal: return }. It never proposes a
// select with default, which can drop a wake-up a receiver waits for.
//
// Findings are silenced by //nolint, //nolint:chansend or
// //lint:ignore chansend <reason>, and are not reported in generated files.
package chansend
