// Package fix checks chansend's suggested fix.
package fix

import "context"

func compute() int { return 42 }

func withCtx(ctx context.Context) int {
	done := make(chan int)
	go func() {
		done <- compute() // want `chansend: send on done`
	}()
	select {
	case v := <-done:
		return v
	case <-ctx.Done():
		return 0
	}
}

type follower struct {
	forwardCh chan int
	replyCh   chan int
}

type leader struct{ exitCh chan struct{} }

// The reply send learns to give up on the signal the loop stops on.
func (l *leader) forward(f *follower) {
	for {
		select {
		case p := <-f.forwardCh:
			f.replyCh <- p + 1 // want `chansend: send on f.replyCh can block forever`
		case <-l.exitCh:
			return
		}
	}
}

// The producer learns to give up when the consumer's context ends.
func collect(ctx context.Context, xs []int) (sum int, err error) {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // want `chansend: send on out \(unbuffered, made at fix.go:\d+\) can block forever: the goroutine started at fix.go:\d+ sends until it closes the channel, but the function returns at fix.go:\d+ without receiving the rest; select on it: select \{ case out <- x: case <-ctx.Done\(\): return \}`
		}
	}()
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return sum, nil
			}
			sum += v
		case <-ctx.Done():
			return sum, ctx.Err()
		}
	}
}

// One sender per element: room for every one of them.
func firstResponse(replicas []string) string {
	answers := make(chan string)
	for _, r := range replicas {
		go func() {
			answers <- r // want `give it a capacity of len\(replicas\)`
		}()
	}
	return <-answers
}

// One sender per round of range n.
func firstOf(n int) int {
	got := make(chan int)
	for i := range n {
		go func() { got <- i }() // want `give it a capacity of n`
	}
	return <-got
}
