// Package senders holds chansend's true positives.
package senders

import (
	"context"
	"errors"
	"time"
)

func compute() int { return 42 }

// The classic: the result is sent after the caller gave up on a timeout.
func withTimeout(ctx context.Context) (int, error) {
	done := make(chan int)
	go func() {
		done <- compute() // want `chansend: send on done \(unbuffered, made at senders.go:14\) can block forever: the function returns at senders.go:\d+ after the select at senders.go:\d+ takes another case; give it a capacity of 1`
	}()
	select {
	case v := <-done:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

func validate(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

// An early return between the go statement and the receive.
func earlyReturn(n int) (int, error) {
	res := make(chan int)
	go func() { res <- compute() }() // want `chansend: send on res \(unbuffered, made at senders.go:37\) can block forever: the function returns at senders.go:40 without receiving; give it a capacity of 1`
	if err := validate(n); err != nil {
		return 0, err
	}
	return <-res, nil
}

// First response wins: N senders, one receive.
func firstResponse(replicas []string) string {
	answers := make(chan string)
	for _, r := range replicas {
		go func() {
			answers <- r // want `chansend: send on answers \(unbuffered, made at senders.go:47\) can block forever: only one value is received \(at senders.go:53\) from the goroutines started in a loop at senders.go:49; give it a capacity of len\(replicas\)`
		}()
	}
	return <-answers
}

// A fresh unbuffered channel: the send blocks before anyone can have it.
func future() <-chan int {
	ch := make(chan int)
	ch <- compute() // want `chansend: send on ch \(unbuffered, made at senders.go:58\) can block forever: nothing else can have the channel yet: no goroutine or callee got it before this send`
	return ch
}

// A named channel type, sent to by a worker function.
type results chan int

func worker(out results) { out <- compute() } // want `chansend: send on out \(unbuffered, made at senders.go:69\) can block forever: the function returns at senders.go:72 without receiving; give it a capacity of 1`

func startWorker(quick bool) int {
	out := make(results)
	go worker(out)
	if quick {
		return 0
	}
	return <-out
}

// A channel and its sender per iteration: an early return in the loop
// leaves that iteration's sender blocked.
func perIteration(xs []int) int {
	sum := 0
	for _, x := range xs {
		c := make(chan int)
		go func() { c <- x }() // want `chansend: send on c \(unbuffered, made at senders.go:\d+\) can block forever: the function returns at senders.go:\d+ without receiving; give it a capacity of 1`
		if x < 0 {
			return sum
		}
		sum += <-c
	}
	return sum
}

func check(x int) error {
	if x < 0 {
		return errors.New("negative")
	}
	return nil
}

// A buffered channel with more sends than room, and a consumer that quits
// on the first error: the producer blocks on its next send.
func firstError(xs []int) error {
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		for _, x := range xs {
			errc <- check(x) // want `chansend: send on errc \(capacity 1, made at senders.go:\d+\) can block forever: the goroutine started at senders.go:\d+ sends until it closes the channel, but the function returns at senders.go:\d+ without receiving the rest; drain the channel before returning, or give the sender a stop signal`
		}
	}()
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}
