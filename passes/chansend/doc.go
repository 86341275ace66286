// Package chansend defines an Analyzer that reports channel sends that can
// block forever.
//
// # Analyzer chansend
//
// chansend: report channel sends that can block forever
//
// A goroutine blocked on a send never ends: it holds its stack and
// whatever it references until the process exits. chansend follows a
// channel made in a function to its senders and receivers:
//
//   - leaked sender: a goroutine started in the function sends once on an
//     unbuffered channel made there, and some path of the function returns
//     without receiving it: the other case of a select (ctx.Done(), a
//     timer, a stop channel) was taken, or an early return came between
//     the go statement and the receive;
//   - one receive for N senders: a goroutine started in a loop sends on a
//     channel made before the loop, with a constant capacity, and the
//     function receives once;
//   - no receiver possible: a send on an unbuffered channel made in the
//     function, before any goroutine or callee could have it.
//
// Sends inside a select, channels that escape the function (stored,
// returned, passed to code that is not a goroutine it starts), and
// capacities that are not constant (make(chan T, len(xs))) are left alone.
//
// The finding is at the send, names the channel, where it was made and its
// capacity, and why no receiver is guaranteed. For a single sender the
// suggested fix gives the channel a capacity of 1.
//
// Findings are silenced by //nolint, //nolint:chansend or
// //lint:ignore chansend <reason>, and are not reported in generated files.
package chansend
