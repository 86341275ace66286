// Package signals holds sends that ignore a cancel signal the function
// selects on elsewhere, and the shapes around them that are fine.
package signals

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"
)

type packet struct{ seq int }

type follower struct {
	forwardCh chan packet
	replyCh   chan error
}

type leader struct {
	exitCh chan struct{}
}

func (f *follower) write(p packet) error {
	if p.seq < 0 {
		return errors.New("bad packet")
	}
	return nil
}

// The replication leader: the loop selects on exitCh to stop, but the
// reply send inside it does not; when the follower's reader stalls, the
// reply channel fills and the loop never sees exitCh again.
func (l *leader) forward(f *follower) {
	for {
		select {
		case p := <-f.forwardCh:
			f.replyCh <- f.write(p) // want `chansend: send on f.replyCh can block forever: the loop selects on l.exitCh at signals.go:\d+, but this send does not; select on it: select \{ case f.replyCh <- f.write\(p\): case <-l.exitCh: return \}`
		case <-l.exitCh:
			return
		}
	}
}

// A pump that selects on ctx.Done() for its input but not for its output.
func pump(ctx context.Context, in <-chan int, out chan<- int) error {
	for {
		select {
		case v := <-in:
			out <- v * 2 // want `chansend: send on out can block forever: the loop selects on ctx.Done\(\) at signals.go:\d+, but this send does not; select on it: select \{ case out <- v \* 2: case <-ctx.Done\(\): return \}`
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Both operations select on the stop signal: fine.
func (l *leader) forwardGuarded(f *follower) {
	for {
		select {
		case p := <-f.forwardCh:
			select {
			case f.replyCh <- f.write(p):
			case <-l.exitCh:
				return
			}
		case <-l.exitCh:
			return
		}
	}
}

// A one-shot reply channel, cleared after its one send.
type watchReq struct{ retc chan int }

type watcher struct {
	req   *watchReq
	recvc chan int
	donec chan struct{}
}

func (w *watcher) run() {
	for {
		select {
		case v := <-w.recvc:
			if w.req.retc != nil {
				w.req.retc <- v
				w.req.retc = nil
			}
		case <-w.donec:
			return
		}
	}
}

// The only receiver ranges over the channel until it is closed.
type batcher struct {
	in      chan int
	batches chan []int
	stop    chan struct{}
}

func (b *batcher) loop() {
	var cur []int
	for {
		select {
		case v := <-b.in:
			cur = append(cur, v)
			if len(cur) == 8 {
				b.batches <- cur
				cur = nil
			}
		case <-b.stop:
			close(b.batches)
			return
		}
	}
}

func (b *batcher) consume() {
	for batch := range b.batches {
		_ = batch
	}
}

// A send after the loop that selects on the signal, not inside it.
func (l *leader) finish(f *follower, last error) {
	for {
		select {
		case <-f.forwardCh:
			continue
		case <-l.exitCh:
		}
		break
	}
	f.replyCh <- last
}

// A select on a data channel is not a cancel signal.
func relay(in <-chan int, results chan<- int, extra chan int) {
	for {
		select {
		case v := <-in:
			results <- v
		case v := <-extra:
			results <- v + 1
		}
	}
}

// A pipeline stage given ctx: its consumer stops when ctx ends, its sends
// do not.
func generate(ctx context.Context, xs []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // want `chansend: send on out can block forever: the goroutine sends until it closes the channel but never selects on ctx.Done\(\), so a consumer that stops when ctx ends leaves it blocked; select on it: select \{ case out <- x: case <-ctx.Done\(\): return \}`
		}
	}()
	return out
}

// A stage run by errgroup: when the consumer fails, the group's context
// ends and Wait waits for the blocked producer forever.
func stages(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	nums := make(chan int)
	g.Go(func() error {
		defer close(nums)
		for _, x := range xs {
			nums <- x // want `chansend: send on nums can block forever: the goroutine sends until it closes the channel but never selects on ctx.Done\(\)`
		}
		return nil
	})
	g.Go(func() error {
		for n := range nums {
			if n < 0 {
				return errors.New("negative")
			}
		}
		return nil
	})
	return g.Wait()
}

// stages' fix: the producer also selects on the group's context, so it
// stops when the consumer fails. Not reported.
func stagesGuarded(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	nums := make(chan int)
	g.Go(func() error {
		defer close(nums)
		for _, x := range xs {
			select {
			case nums <- x:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	g.Go(func() error {
		for n := range nums {
			if n < 0 {
				return errors.New("negative")
			}
		}
		return nil
	})
	return g.Wait()
}

// The stage selects on ctx.Done(): fine.
func generateGuarded(ctx context.Context, xs []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			select {
			case out <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// No cancel signal in scope: the caller drains until close, as the
// pipeline's contract says; nothing here suggests it may stop.
func generatePlain(xs []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	return out
}

// A one-shot send nested in the block that clears the reply channel: it
// runs once per watch, into a channel made with room for it (etcd's
// created notification).
type watchStream struct {
	req   *createReq
	outc  chan int
	recvc chan int
}

type createReq struct {
	retc   chan chan int
	notify bool
}

func newWatchStream() *watchStream {
	return &watchStream{outc: make(chan int, 1), recvc: make(chan int)}
}

func (ws *watchStream) serve(ctx context.Context) {
	for {
		select {
		case v := <-ws.recvc:
			if ws.req.retc != nil {
				ws.req.retc <- ws.outc
				ws.req.retc = nil
				if ws.req.notify {
					ws.outc <- v
				}
			}
		case <-ctx.Done():
			return
		}
	}
}

// Request/reply in a loop: each request carries the channel its answer
// comes back on, and the next is sent only after the answer (raft's
// leadership transfer).
type deferError struct{ errCh chan error }

type replication struct{ trigger chan *deferError }

func transfer(repl *replication, stopCh chan struct{}, more func() bool) error {
	for more() {
		req := &deferError{errCh: make(chan error, 1)}
		repl.trigger <- req
		select {
		case err := <-req.errCh:
			if err != nil {
				return err
			}
		case <-stopCh:
			return nil
		}
	}
	return nil
}

// A write loop answers on the channel each request carries, and on a
// field channel the package's read loop keeps receiving from (net/http's
// persistConn).
type writeRequest struct {
	data string
	ch   chan error
}

type persistConn struct {
	writech    chan writeRequest
	writeErrCh chan error
	closech    chan struct{}
}

func (pc *persistConn) writeLoop() {
	for {
		select {
		case wr := <-pc.writech:
			err := write(wr.data)
			pc.writeErrCh <- err
			wr.ch <- err
		case <-pc.closech:
			return
		}
	}
}

func (pc *persistConn) readLoop() {
	for {
		select {
		case err := <-pc.writeErrCh:
			_ = err
		case <-pc.closech:
			return
		}
	}
}

func write(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}

// Ping-pong: the loop takes the ball from the channel it sends it back on.
func player(done, ball chan bool) {
	for {
		select {
		case <-done:
			return
		case <-ball:
			ball <- true
		}
	}
}

// Workers send results to their coordinator, whose event loop keeps
// receiving them: the field is reached through another path than the
// receiver's (the fuzzing coordinator).
type coordinator struct{ resultC chan int }

type fuzzWorker struct {
	coord  *coordinator
	inputC chan int
}

func (w *fuzzWorker) coordinate(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case in := <-w.inputC:
			w.coord.resultC <- in * 2
		}
	}
}

func (c *coordinator) loop(stop chan struct{}) {
	for {
		select {
		case r := <-c.resultC:
			_ = r
		case <-stop:
			return
		}
	}
}

// The pump's output send selects on ctx.Done() too: fine.
func pumpGuarded(ctx context.Context, in <-chan int, out chan<- int) error {
	for {
		select {
		case v := <-in:
			select {
			case out <- v * 2:
			case <-ctx.Done():
				return ctx.Err()
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// One answer per request into a capacity-1 channel the package makes, in
// the case that received the request; the requester takes it outside any
// loop (net/http's writeLoop and roundTrip).
type httpConn struct {
	writech    chan writeRequest
	writeErrCh chan error
	closech    chan struct{}
}

func newHTTPConn() *httpConn {
	return &httpConn{writech: make(chan writeRequest, 1), writeErrCh: make(chan error, 1), closech: make(chan struct{})}
}

func (pc *httpConn) writeLoop() {
	for {
		select {
		case wr := <-pc.writech:
			err := write(wr.data)
			pc.writeErrCh <- err
		case <-pc.closech:
			return
		}
	}
}

func (pc *httpConn) roundTrip(data string) error {
	select {
	case pc.writech <- writeRequest{data: data}:
	case <-pc.closech:
		return errors.New("closed")
	}
	select {
	case err := <-pc.writeErrCh:
		return err
	case <-pc.closech:
		return errors.New("closed")
	}
}
