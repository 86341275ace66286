// Package paths holds goroutines whose sends differ from path to path:
// exclusive branches, a panic recovered into a send, two result channels,
// one goroutine per iteration of a retry loop.
package paths

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func step() error { return nil }

func fetch() (int, error) { return 1, nil }

var errTimeout = errors.New("timeout")

// Two sends in exclusive branches: one value per run, which the caller
// stops waiting for when ctx is done.
func exclusive(ctx context.Context) bool {
	done := make(chan bool)
	go func() {
		if err := step(); err != nil {
			done <- false // want `chansend: send on done \(unbuffered, made at paths.go:22\) can block forever: the function returns at paths.go:\d+ after the select at paths.go:\d+ takes another case; give it a capacity of 1`
			return
		}
		done <- true
	}()
	select {
	case ok := <-done:
		return ok
	case <-ctx.Done():
		return false
	}
}

// The same with room for the one value.
func exclusiveBuffered(ctx context.Context) bool {
	done := make(chan bool, 1)
	go func() {
		if err := step(); err != nil {
			done <- false
			return
		}
		done <- true
	}()
	select {
	case ok := <-done:
		return ok
	case <-ctx.Done():
		return false
	}
}

// A panic recovered into the result channel: still one value per run.
func recovered(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r)
			}
		}()
		errc <- step() // want `chansend: send on errc \(unbuffered, made at paths.go:58\) can block forever: the function returns at paths.go:\d+ after the select at paths.go:\d+ takes another case; give it a capacity of 1`
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The same with room for the one value.
func recoveredBuffered(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r)
			}
		}()
		errc <- step()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A result or an error, on two channels, and a timer: after the timer
// neither send has a receiver.
func twoChannels() (int, error) {
	resCh := make(chan int)
	errCh := make(chan error)
	go func() {
		v, err := fetch()
		if err != nil {
			errCh <- err // want `chansend: send on errCh \(unbuffered, made at paths.go:98\) can block forever: the function returns at paths.go:\d+ after the select at paths.go:\d+ takes another case; give it a capacity of 1`
			return
		}
		resCh <- v // want `chansend: send on resCh \(unbuffered, made at paths.go:97\) can block forever: the function returns at paths.go:\d+ after the select at paths.go:\d+ takes another case; give it a capacity of 1`
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

// Without the timer, the goroutine's one value is always received,
// whichever channel it takes.
func twoChannelsNoTimer() (int, error) {
	resCh := make(chan int)
	errCh := make(chan error)
	go func() {
		v, err := fetch()
		if err != nil {
			errCh <- err
			return
		}
		resCh <- v
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err
	}
}

// One goroutine per attempt, on a channel made before the retry loop: the
// attempt in flight when unsub fires is left blocked.
func resubscribe(unsub chan struct{}) {
	errc := make(chan error)
	for {
		go func() {
			errc <- step() // want `chansend: send on errc \(unbuffered, made at paths.go:141\) can block forever: the function returns at paths.go:\d+ after the select at paths.go:\d+ takes another case; give it a capacity of 1`
		}()
		select {
		case <-errc:
			time.Sleep(time.Second)
		case <-unsub:
			return
		}
	}
}

// The same with room for the attempt in flight.
func resubscribeBuffered(unsub chan struct{}) {
	errc := make(chan error, 1)
	for {
		go func() {
			errc <- step()
		}()
		select {
		case <-errc:
			time.Sleep(time.Second)
		case <-unsub:
			return
		}
	}
}

// Attempts that are all waited for before the next one starts.
func retryAll(n int) error {
	errc := make(chan error)
	var err error
	for i := 0; i < n; i++ {
		go func() { errc <- step() }()
		if err = <-errc; err == nil {
			return nil
		}
	}
	return err
}

// An event loop that starts a worker when none is running (a token in a
// buffered channel) and takes its result in the same select as quit:
// quitting leaves the running worker blocked.
func eventLoop(heads <-chan int, quit <-chan struct{}) {
	busy := make(chan struct{}, 1)
	done := make(chan int)
	head, old := 0, 0
	for {
		if head != old {
			select {
			case busy <- struct{}{}:
				go func(h int) {
					done <- h // want `chansend: send on done \(unbuffered, made at paths.go:\d+\) can block forever: the function returns at paths.go:\d+ after the select at paths.go:\d+ takes another case; give it a capacity of 1`
				}(head)
			default:
			}
		}
		select {
		case head = <-heads:
		case old = <-done:
			<-busy
		case <-quit:
			return
		}
	}
}

// Fan-out then fan-in: the results are received in a loop of their own,
// as many as were started.
func fanIn(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x * 2 }()
	}
	sum := 0
	for range xs {
		sum += <-out
	}
	return sum
}

// The goroutine closes the channel it does not send on: the receive on the
// closed one returns at once, and the value sent on the other waits
// forever (an object store's part upload).
func closesTheOther(copyFailed bool) (int, error) {
	resCh := make(chan int)
	errCh := make(chan error)
	go func() {
		v, err := fetch()
		if err != nil {
			close(resCh)
			errCh <- err // want `chansend: send on errCh \(unbuffered, made at paths.go:\d+\) can block forever: the function returns at paths.go:\d+ without receiving; give it a capacity of 1`
			return
		}
		close(errCh)
		resCh <- v // want `chansend: send on resCh \(unbuffered, made at paths.go:\d+\) can block forever: the function returns at paths.go:\d+ without receiving; give it a capacity of 1`
	}()
	if copyFailed {
		return 0, <-errCh
	}
	return <-resCh, nil
}

// The event loop, fixed: room for the worker in flight.
func eventLoopBuffered(heads <-chan int, quit <-chan struct{}) {
	busy := make(chan struct{}, 1)
	done := make(chan int, 1)
	head, old := 0, 0
	for {
		if head != old {
			select {
			case busy <- struct{}{}:
				go func(h int) { done <- h }(head)
			default:
			}
		}
		select {
		case head = <-heads:
		case old = <-done:
			<-busy
		case <-quit:
			return
		}
	}
}

// The part upload, fixed: room for whichever value is sent.
func closesTheOtherBuffered(copyFailed bool) (int, error) {
	resCh := make(chan int, 1)
	errCh := make(chan error, 1)
	go func() {
		v, err := fetch()
		if err != nil {
			close(resCh)
			errCh <- err
			return
		}
		close(errCh)
		resCh <- v
	}()
	if copyFailed {
		return 0, <-errCh
	}
	return <-resCh, nil
}
