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

// A Task holds the channel its goroutine sends its one error on.
type Task struct {
	Name string
	Done chan error
}

// Start runs f in a goroutine; the error comes on the task's Done.
func Start(name string, f func() error) *Task {
	t := &Task{Name: name, Done: make(chan error)}
	go func() {
		t.Done <- f()
	}()
	return t
}

// StartBuffered has room for the error.
func StartBuffered(f func() error) *Task {
	t := &Task{Done: make(chan error, 1)}
	go func() { t.Done <- f() }()
	return t
}

// run is a task's goroutine as a method.
func (t *Task) run(f func() error) { t.Done <- f() }

// StartMethod starts the method as the goroutine.
func StartMethod(f func() error) *Task {
	t := &Task{Done: make(chan error)}
	go t.run(f)
	return t
}

// Wait receives the task's error.
func (t *Task) Wait() error { return <-t.Done }

func startThenGiveUp(ctx context.Context, f func() error) error {
	t := Start("local", f) // want `chansend: a send can block forever: Start returns a value whose Done is a channel with a value in flight \(its goroutine sends at future.go:\d+\), and the function returns at future.go:\d+ without receiving it`
	select {
	case err := <-t.Done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func startAndWait(f func() error) error {
	t := Start("local", f)
	return <-t.Done
}
