// Package feeders holds functions that make a channel, start the one
// goroutine receiving from it, and send on it themselves: once that
// goroutine's loop stops, the next send blocks forever.
package feeders

import (
	"context"

	"chansend/consumer"
)

func handle(int) {}

// The receiver is a closure that stops on ctx.
func feedClosure(ctx context.Context, xs []int) {
	ch := make(chan int)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-ch:
				handle(v)
			}
		}
	}()
	for _, x := range xs {
		ch <- x // want `chansend: send on ch \(unbuffered, made at feeders.go:16\) can block forever: its only receiver, the loop in the function literal in feedClosure started at feeders.go:17, stops at feeders.go:21 on ctx.Done\(\), and this send does not select on it; select on it: select \{ case ch <- x: case <-ctx.Done\(\): return \}`
	}
}

// The fixed feeder selects on the signal.
func feedClosureFixed(ctx context.Context, xs []int) {
	ch := make(chan int)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-ch:
				handle(v)
			}
		}
	}()
	for _, x := range xs {
		select {
		case ch <- x:
		case <-ctx.Done():
			return
		}
	}
}

func serve(ctx context.Context, ch <-chan int) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-ch:
			handle(v)
		}
	}
}

// The receiver is a function of the package; a buffered channel fills.
func feedNamed(ctx context.Context, xs []int) {
	ch := make(chan int, 8)
	go serve(ctx, ch)
	for _, x := range xs {
		ch <- x // want `chansend: send on ch \(capacity 8, made at feeders.go:67\) can block forever: its only receiver, the loop in serve started at feeders.go:68, stops at feeders.go:58 on ctx.Done\(\)`
	}
}

// One send into a buffer with room never blocks.
func feedOnce(ctx context.Context, x int) {
	ch := make(chan int, 1)
	go serve(ctx, ch)
	ch <- x
}

// The receiver stops on a channel the feeder closes after its sends:
// the loop cannot stop before them.
func feedThenStop(xs []int) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case v := <-ch:
				handle(v)
			case <-done:
				return
			}
		}
	}()
	for _, x := range xs {
		ch <- x
	}
	close(done)
}

// The receiver ranges until the channel is closed.
func feedDrain(xs []int) {
	ch := make(chan int)
	go consumer.Drain(ch)
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// The feeder's loop watches the context itself.
func feedWatching(ctx context.Context, xs []int) {
	ch := make(chan int)
	go serve(ctx, ch)
	for _, x := range xs {
		select {
		case <-ctx.Done():
			return
		default:
		}
		ch <- x
	}
}

// Receivers from another package, known by their facts.
func feedConsume(ctx context.Context, xs []int) {
	ch := make(chan int)
	go consumer.Consume(ctx, ch)
	for _, x := range xs {
		ch <- x // want `chansend: send on ch \(unbuffered, made at feeders.go:128\) can block forever: its only receiver, the loop in consumer.Consume started at feeders.go:129, stops at consumer.go:14 on ctx.Done\(\), and this send does not select on it; select on it: select \{ case ch <- x: case <-ctx.Done\(\): return \}`
	}
}

func feedSink(ctx context.Context, s *consumer.Sink, xs []int) {
	ch := make(chan int)
	go s.Serve(ctx, ch)
	for _, x := range xs {
		ch <- x // want `its only receiver, the loop in \(\*Sink\).Serve started at feeders.go:137, stops at consumer.go:50 on ctx.Done\(\)`
	}
}

// Until stops on a channel the feeder made and closes after its sends.
func feedUntil(xs []int) {
	ch := make(chan int)
	done := make(chan struct{})
	go consumer.Until(done, ch)
	for _, x := range xs {
		ch <- x
	}
	close(done)
}

// The same helper stopping on a channel the feeder was given.
func feedUntilGiven(stop <-chan struct{}, xs []int) {
	ch := make(chan int)
	go consumer.Until(stop, ch)
	for _, x := range xs {
		ch <- x // want `its only receiver, the loop in consumer.Until started at feeders.go:157, stops at consumer.go:28 on done`
	}
}
