// Package silent holds the shapes chansend must not report.
package silent

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func compute() int { return 42 }

// Capacity 1 and a single send: the sender never blocks.
func buffered(ctx context.Context) int {
	done := make(chan int, 1)
	go func() { done <- compute() }()
	select {
	case v := <-done:
		return v
	case <-ctx.Done():
		return 0
	}
}

// One slot per element.
func perElement(xs []int) int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		go func() { out <- x * 2 }()
	}
	return <-out
}

// Capacity n with n sends.
func counted() int {
	out := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func() { out <- i }()
	}
	return <-out
}

// The send itself selects on ctx.Done().
func guarded(ctx context.Context) int {
	done := make(chan int)
	go func() {
		select {
		case done <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-done:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Every value received: a loop receiving N times.
func receiveAll(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x }()
	}
	sum := 0
	for range xs {
		sum += <-out
	}
	return sum
}

// The producer closes, the consumer ranges.
func rangeUntilClosed(xs []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

// WaitGroup.Wait, then draining a channel sized to the senders.
func waitThenDrain(xs []int) []int {
	var wg sync.WaitGroup
	out := make(chan int, len(xs))
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- x
		}()
	}
	wg.Wait()
	close(out)
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

// signal.Notify with capacity 1.
func notify() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	<-sig
}

// A receive on every path after the spawn.
func everyPath(fast bool) int {
	res := make(chan int)
	go func() { res <- compute() }()
	if fast {
		return <-res
	}
	v := <-res
	return v + 1
}

// Request/reply: the requester receives right after sending.
type request struct{ reply chan int }

func ask(reqs chan<- request) int {
	r := request{reply: make(chan int)}
	reqs <- r
	return <-r.reply
}

// A channel made and used inside one goroutine that starts its producer.
func insideOneGoroutine(xs []int) {
	go func() {
		ch := make(chan int)
		go func() {
			for _, x := range xs {
				ch <- x
			}
			close(ch)
		}()
		for range ch {
		}
	}()
}

// Refilling a cap-1 token channel right after taking it.
func token() {
	tok := make(chan struct{}, 1)
	tok <- struct{}{}
	<-tok
	tok <- struct{}{}
}

// A timeout where the result is still received on the timeout path.
func drainOnTimeout() int {
	done := make(chan int)
	go func() { done <- compute() }()
	select {
	case v := <-done:
		return v
	case <-time.After(time.Second):
		return <-done
	}
}

// Workers started in a loop before the sends (prometheus' EnsureOrder):
// the walk could skip the loop, the program does not.
func workers(n int, jobs []int) {
	workc := make(chan int)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			for range workc {
			}
		}()
	}
	for _, j := range jobs {
		workc <- j
	}
	close(workc)
	wg.Wait()
}

// A send after close panics; it does not block (runtime's crash tests).
func sendOnClosed() {
	ch := make(chan struct{})
	close(ch)
	ch <- struct{}{}
}

// A channel per outer iteration, P senders per channel, P receives (the
// runtime's scheduling tests).
func perRound(rounds, procs int) {
	for r := 0; r < rounds; r++ {
		done := make(chan bool)
		for p := 0; p < procs; p++ {
			go func() { done <- true }()
		}
		for p := 0; p < procs; p++ {
			<-done
		}
	}
}

// A named channel type received on every path.
type results chan int

func worker(out results) { out <- compute() }

func startWorker(quick bool) int {
	out := make(results)
	go worker(out)
	if quick {
		return <-out
	}
	return <-out + 1
}

// A channel and its sender per iteration, received on every path.
func perIteration(xs []int) int {
	sum := 0
	for _, x := range xs {
		c := make(chan int)
		go func() { c <- x }()
		if x < 0 {
			return sum + <-c
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

// The consumer drains the rest before it returns early.
func drainBeforeReturn(xs []int) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		for _, x := range xs {
			errc <- check(x)
		}
	}()
	for err := range errc {
		if err != nil {
			for range errc {
			}
			return err
		}
	}
	return nil
}

// Room for every value the producer sends.
func roomForAll() int {
	c := make(chan int, 2)
	go func() {
		c <- 1
		c <- 2
		close(c)
	}()
	for v := range c {
		if v == 1 {
			return v
		}
	}
	return 0
}

// The producer's sends select on the stop channel the consumer closes.
func stopped(xs []int) error {
	errc := make(chan error)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(errc)
		for _, x := range xs {
			select {
			case errc <- check(x):
			case <-stop:
				return
			}
		}
	}()
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// A send inside a select with default never blocks.
func tryNotify(wake chan struct{}) {
	for i := 0; i < 3; i++ {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}

// A send inside a select with a stop channel gives up when stopped.
func produce(out chan<- int, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case out <- i:
		case <-stop:
			return
		}
	}
}

// errgroup.Wait, then draining a channel sized to the senders.
func groupThenDrain(xs []int) ([]int, error) {
	var g errgroup.Group
	out := make(chan int, len(xs))
	for _, x := range xs {
		g.Go(func() error {
			out <- x
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	close(out)
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res, nil
}

// The consumer's select tests the receive's ok flag and leaves only when
// the producer closed the channel; its other case does not return.
func selectUntilClosed(xs []int, tick <-chan time.Time) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	sum := 0
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return sum
			}
			sum += v
		case <-tick:
			sum++
		}
	}
}

// The consumer stops early on an error it records, and drains the channel
// when it sees the error after the loop (Prometheus' WAL replay): the
// early exit and the drain are tied by the recorded error.
func replay(xs []int) error {
	decoded := make(chan int, 10)
	go func() {
		defer close(decoded)
		for _, x := range xs {
			decoded <- x
		}
	}()
	var failed error
Outer:
	for d := range decoded {
		if d < 0 {
			failed = errors.New("negative")
			break Outer
		}
	}
	if failed != nil {
		for range decoded {
		}
		return failed
	}
	return nil
}
