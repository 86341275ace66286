// Package waiters starts a goroutine sending one value and hands the
// channel to a callee that waits for it: if the callee can return without
// receiving, the goroutine blocks forever.
package waiters

import (
	"context"

	"chansend/consumer"
)

func work() error { return nil }

// waitFor gives up on its context.
func waitFor(ctx context.Context, errc <-chan error) error {
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// get always receives.
func get(errc <-chan error) error { return <-errc }

func run(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		errc <- work() // want `chansend: send on errc \(unbuffered, made at waiters.go:28\) can block forever: waitFor, given it at waiters.go:32, can return without receiving \(at waiters.go:20\); give it a capacity of 1`
	}()
	return waitFor(ctx, errc)
}

// The fixed version: room for the one value.
func runFixed(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() {
		errc <- work()
	}()
	return waitFor(ctx, errc)
}

// A callee receiving on every path takes the value.
func runGet() error {
	errc := make(chan error)
	go func() {
		errc <- work()
	}()
	return get(errc)
}

// The same callees in another package, known by their facts.
func runConsumer(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		errc <- work() // want `chansend: send on errc \(unbuffered, made at waiters.go:55\) can block forever: consumer.Wait, given it at waiters.go:59, can return without receiving \(at consumer.go:61\); give it a capacity of 1`
	}()
	return consumer.Wait(ctx, errc)
}

func runConsumerGet() error {
	errc := make(chan error)
	go func() {
		errc <- work()
	}()
	return consumer.Get(errc)
}
