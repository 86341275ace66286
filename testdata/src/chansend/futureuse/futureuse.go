// Package futureuse calls the helpers of package future from another
// package: the facts say which channels have a value in flight.
package futureuse

import (
	"context"
	"errors"

	"chansend/future"
)

func work() error { return nil }

// The caller gives up on a timeout: the helper's goroutine stays blocked.
func withTimeout(ctx context.Context) error {
	errc := future.Go(work) // want `chansend: a send can block forever: Go returns a channel with a value in flight \(its goroutine sends at future.go:11\), and the function returns at futureuse.go:\d+ without receiving it`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Fire and forget: nothing receives.
func fireAndForget() {
	future.Go(work) // want `chansend: a send can block forever: Go returns a channel with a value in flight \(its goroutine sends at future.go:11\), and nothing here receives from it`
}

// An early return before the receive.
func early(ctx context.Context, ok bool) (int, error) {
	ch, err := future.Result(ctx, func() int { return 1 }) // want `chansend: a send can block forever: Result returns a channel with a value in flight \(its goroutine sends at future.go:29\), and the function returns at futureuse.go:37 without receiving it`
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("not ok") // the value in flight is lost here
	}
	return <-ch, nil
}

// Received on every path.
func always(ctx context.Context) error {
	errc := future.Go(work)
	return <-errc
}

// Room for the value: nothing to receive.
func buffered(ctx context.Context) error {
	errc := future.GoBuffered(work)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Handed to the caller: its receiver is the caller's business.
func handOn() chan error {
	return future.Go(work)
}

// A task from another package: its Done field's value is in flight.
func taskTimeout(ctx context.Context) (string, error) {
	t := future.Start("remote", work) // want `chansend: a send can block forever: Start returns a value whose Done is a channel with a value in flight \(its goroutine sends at future.go:\d+\), and the function returns at futureuse.go:\d+ without receiving it`
	select {
	case err := <-t.Done:
		return t.Name, err
	case <-ctx.Done():
		return t.Name, ctx.Err()
	}
}

func taskMethod(ctx context.Context) error {
	t := future.StartMethod(work) // want `chansend: a send can block forever: StartMethod returns a value whose Done is a channel`
	select {
	case err := <-t.Done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The fixed twins: a buffered task, a wait on every path, a task handed
// to a method that may receive.
func taskBuffered(ctx context.Context) error {
	t := future.StartBuffered(work)
	select {
	case err := <-t.Done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func taskAlways() error {
	t := future.Start("remote", work)
	return <-t.Done
}

func taskWait() error {
	t := future.Start("remote", work)
	return t.Wait()
}
