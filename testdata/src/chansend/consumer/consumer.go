// Package consumer has receive loops on channel parameters, run as
// goroutines by package feeders: the facts say which ones can stop.
package consumer

import "context"

func handle(int) {}

// Consume serves ch until its context is done.
func Consume(ctx context.Context, ch <-chan int) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-ch:
			handle(v)
		}
	}
}

// Until serves ch until done is closed.
func Until(done <-chan struct{}, ch <-chan int) {
	for {
		select {
		case v := <-ch:
			handle(v)
		case <-done:
			return
		}
	}
}

// Drain serves ch until it is closed: it never stops early.
func Drain(ch <-chan int) {
	for v := range ch {
		handle(v)
	}
}

// A Sink is a receiver with a method that serves a channel.
type Sink struct{}

// Serve serves ch until ctx is done.
func (s *Sink) Serve(ctx context.Context, ch <-chan int) {
	for {
		select {
		case v := <-ch:
			handle(v)
		case <-ctx.Done():
			return
		}
	}
}

// Wait receives one value, or gives up when ctx is done.
func Wait(ctx context.Context, errc <-chan error) error {
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Get receives one value on every path.
func Get(errc <-chan error) error { return <-errc }
