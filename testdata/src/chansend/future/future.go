// Package future holds helpers that start a goroutine and return the
// channel it answers on.
package future

import "context"

// Go runs f in a goroutine and returns the channel its error comes on.
func Go(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f()
	}()
	return ch
}

// GoBuffered has room for the error: nobody needs to receive it.
func GoBuffered(f func() error) chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

// Result returns a value channel and an error.
func Result(ctx context.Context, f func() int) (<-chan int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(chan int)
	go func() { out <- f() }()
	return out, nil
}

// Local callers in the same package.
func waitOrCancel(ctx context.Context, f func() error) error {
	errc := Go(f) // want `chansend: a send can block forever: Go returns a channel with a value in flight \(its goroutine sends at future.go:11\), and the function returns at future.go:\d+ without receiving it; receive from it on every path, or have the function make the channel with room for the value`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func waitAlways(f func() error) error {
	return <-Go(f)
}
