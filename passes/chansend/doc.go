// Package chansend defines an Analyzer that reports channel sends that can
// block forever.
//
// # Analyzer chansend
//
// chansend: report channel sends that can block forever
//
// A goroutine blocked on a send never ends: it holds its stack and
// whatever it references until the process exits. chansend keeps, per
// channel, who sends (each goroutine's sends counted per path: exclusive
// branches and a deferred recover are one value per run) and who receives
// (receive loops, and the signals they stop on), and reports a send that no
// receiver is guaranteed to meet:
//
//   - leaked sender: a goroutine started in the function sends one value on
//     an unbuffered channel made there, and some path of the function
//     returns without receiving it: the other case of a select (ctx.Done(),
//     a timer, a stop channel) was taken, or an early return came between
//     the go statement and the receive. A result channel and an error
//     channel of which each run uses one count as one; a goroutine started
//     in each round of an event loop that also takes its results is lost
//     when the loop is left. A callee given the channel that only receives
//     from it counts as a receive when it receives on every path, and as a
//     path that returns without receiving when one of its paths does (its
//     select took ctx.Done() or a timer): return waitFor(ctx, errCh), in
//     the package or, through a fact, in another;
//   - one receive for N senders: a goroutine started in a loop sends on a
//     channel made before the loop, with a constant capacity, and the
//     function receives once;
//   - a value in flight returned: a function makes an unbuffered channel,
//     starts a goroutine sending one value on it and returns it, or
//     returns a struct it made holding it in a field (a task whose Done
//     the goroutine sends on); a caller that drops it or returns without
//     receiving is reported at the call (across packages through a fact);
//   - a consumer that quits: a goroutine sends more values than the
//     channel has room for (in a loop) and closes it when done, and the
//     function, which receives until it sees the close, has a path that
//     returns first;
//   - workers that quit: the function sends in a loop to workers that
//     range over the channel and return on their first error;
//   - a receiver that stops: a send outside any select on a channel in a
//     field whose every receiver is a loop that stops on a signal
//     (ctx.Done(), a stop channel) whose case leaves the loop; channels
//     copied from another field or stored by a constructor count as the
//     original. The same for a channel made in the function, sent on there
//     outside any select, whose only receiver is a goroutine started there
//     (a closure, a function of the package, or one of another package
//     through a fact) whose receives are all cases of such a loop; unless
//     the signal is a channel the function made (it decides when that
//     stops), or the sending loop checks a cancel signal itself;
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
// (make(chan T, len(xs))), receive loops that run until the channel is
// closed, request/reply (the value sent carries the channel the answer
// comes on, or the send answers on the channel a received request
// carried), a channel the same function also takes from (a token, a
// channel used as a lock), kill channels (receiving one ends the loop),
// one-shot sends (cleared or closed right after, into a channel with room,
// or run once into an empty buffer) and receivers that only drain what is
// buffered (len(ch) > 0) are left alone.
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
