// Package stopping holds sends on a channel whose only receiver is a loop
// that can stop: after the stop, the sends block (a buffered channel once
// it is full).
package stopping

import (
	"context"
	"sync"
	"time"
)

func write(b []byte) {}

// A transport: a writer loop forwards what Write sends, until Close.
type transport struct {
	sendCh chan []byte
	exitCh chan struct{}
}

func newTransport() *transport {
	t := &transport{sendCh: make(chan []byte, 16), exitCh: make(chan struct{})}
	go t.writeLoop()
	return t
}

func (t *transport) writeLoop() {
	for {
		select {
		case b := <-t.sendCh:
			write(b)
		case <-t.exitCh:
			return
		}
	}
}

func (t *transport) Write(b []byte) {
	t.sendCh <- b // want `chansend: send on t.sendCh \(capacity 16, made at stopping.go:21\) can block forever: its only receiver, the loop in \(\*transport\).writeLoop, stops at stopping.go:32 on t.exitCh, and this send does not select on it`
}

func (t *transport) Close() { close(t.exitCh) }

// The fixed transport: the send gives up when the loop has stopped.
type safeTransport struct {
	sendCh chan []byte
	exitCh chan struct{}
}

func (t *safeTransport) writeLoop() {
	for {
		select {
		case b := <-t.sendCh:
			write(b)
		case <-t.exitCh:
			return
		}
	}
}

func (t *safeTransport) Write(b []byte) {
	select {
	case t.sendCh <- b:
	case <-t.exitCh:
	}
}

// A loop that runs until the channel is closed never stops early.
type drainer struct {
	in   chan int
	stop chan struct{}
}

func (d *drainer) run() {
	for v := range d.in {
		_ = v
	}
}

func (d *drainer) Push(v int) { d.in <- v }

// A loop that stops only when its input is closed.
type closer struct {
	in chan int
}

func (c *closer) run() {
	for {
		select {
		case v, ok := <-c.in:
			if !ok {
				return
			}
			_ = v
		}
	}
}

func (c *closer) Push(v int) { c.in <- v }

// A server loop stopping on its context, asked for its status by a plain
// method that then waits for the reply.
type node struct {
	status chan chan string
}

func (n *node) serve(ctx context.Context) {
	for {
		select {
		case reply := <-n.status:
			reply <- "ok"
		case <-ctx.Done():
			return
		}
	}
}

func (n *node) Status() string {
	c := make(chan string, 1)
	n.status <- c // want `chansend: send on n.status can block forever: its only receiver, the loop in \(\*node\).serve, stops at stopping.go:\d+ on ctx.Done\(\), and this send does not select on it`
	return <-c
}

// A goroutine forwarding to a field channel whose consumer stops on its
// context: the forwarder has a ctx of its own and should select on it.
type pump struct {
	out chan int
}

func (p *pump) consume(ctx context.Context) {
	for {
		select {
		case v := <-p.out:
			_ = v
		case <-ctx.Done():
			return
		}
	}
}

func (p *pump) produce(ctx context.Context, src []int) {
	go func() {
		for _, v := range src {
			p.out <- v // want `chansend: send on p.out can block forever: its only receiver, the loop in \(\*pump\).consume, stops at stopping.go:\d+ on ctx.Done\(\), and this send does not select on it; select on it: select \{ case p.out <- v: case <-ctx.Done\(\): return \}`
		}
	}()
}

// Two receivers, one of which never stops: someone is always there.
type fanIn struct {
	in   chan int
	quit chan struct{}
}

func (f *fanIn) stopping() {
	for {
		select {
		case <-f.in:
		case <-f.quit:
			return
		}
	}
}

func (f *fanIn) forever() {
	for range f.in {
	}
}

func (f *fanIn) Push(v int) { f.in <- v }

// A loop that stops on a timer only to come back: it does not leave.
type ticker struct {
	in chan int
}

func (t *ticker) run() {
	for {
		select {
		case <-t.in:
		case <-time.After(time.Second):
			continue
		}
	}
}

func (t *ticker) Push(v int) { t.in <- v }

// Workers that each quit on one value from a kill channel, and on their
// pool's context: the kill channel is a signal, not a stream to serve.
type pool struct {
	ctx    context.Context
	jobs   chan int
	killCh chan struct{}
}

func (p *pool) worker() {
	for {
		select {
		case j := <-p.jobs:
			_ = j
		case <-p.killCh:
			return
		case <-p.ctx.Done():
			return
		}
	}
}

func (p *pool) Shrink() { p.killCh <- struct{}{} }

// A loop that stops when it receives the very channel a method sends on:
// the send is the stop.
type stopper struct {
	stop chan struct{}
	work chan int
}

func (s *stopper) run() {
	for {
		select {
		case <-s.stop:
			return
		case w := <-s.work:
			_ = w
		}
	}
}

func (s *stopper) Stop() { s.stop <- struct{}{} }

// A request carries its own reply channel, made with room for the one
// answer: the server's answer never blocks, whoever stopped waiting.
type discoverReq struct {
	topic string
	done  chan struct{}
}

type discover struct {
	queue chan *discoverReq
	ctx   context.Context
}

func (d *discover) loop() {
	for {
		select {
		case req := <-d.queue:
			go func() { req.done <- struct{}{} }()
		case <-d.ctx.Done():
			return
		}
	}
}

func (d *discover) Bootstrap(ctx context.Context, topic string) bool {
	for {
		req := &discoverReq{topic: topic, done: make(chan struct{}, 1)}
		select {
		case d.queue <- req:
		case <-ctx.Done():
			return false
		}
		select {
		case <-req.done:
			return true
		case <-ctx.Done():
			return false
		}
	}
}

// A server's start sends once into its own empty buffer before the loop
// that receives it can have stopped.
type server struct {
	checkCh chan struct{}
}

func newServer() *server { return &server{checkCh: make(chan struct{}, 1)} }

func (s *server) memberLoop(ctx context.Context) {
	for {
		select {
		case <-s.checkCh:
		case <-ctx.Done():
			return
		}
	}
}

func (s *server) startServer(ctx context.Context) {
	go s.memberLoop(ctx)
	s.checkCh <- struct{}{}
}

// The same channel, filled again on every failure by an exported method.
func (s *server) AllocID() {
	s.checkCh <- struct{}{} // want `chansend: send on s.checkCh \(capacity 1, made at stopping.go:\d+\) can block forever: its only receiver, the loop in \(\*server\).memberLoop, stops at stopping.go:\d+ on ctx.Done\(\), and this send does not select on it`
}

// A subscription keeps a copy of its hub's cancel channel; the hub's loop
// stops on its context.
type hub struct {
	cancelCh chan *subscription
	ctx      context.Context
}

type subscription struct {
	cancelCh chan<- *subscription
}

func (h *hub) processLoop() {
	for {
		select {
		case s := <-h.cancelCh:
			_ = s
		case <-h.ctx.Done():
			return
		}
	}
}

func (h *hub) Subscribe() *subscription {
	sub := &subscription{}
	sub.cancelCh = h.cancelCh
	return sub
}

func (s *subscription) Cancel() {
	s.cancelCh <- s // want `chansend: send on s.cancelCh can block forever: its only receiver, the loop in \(\*hub\).processLoop, stops at stopping.go:\d+ on h.ctx.Done\(\), and this send does not select on it`
}

// A cluster given its server's channel by the constructor.
type memberServer struct {
	checkCh chan struct{}
	cluster *cluster
}

type cluster struct {
	checkCh chan struct{}
}

func newCluster(checkCh chan struct{}) *cluster { return &cluster{checkCh: checkCh} }

func newMemberServer() *memberServer {
	s := &memberServer{checkCh: make(chan struct{}, 1)}
	s.cluster = newCluster(s.checkCh)
	return s
}

func (s *memberServer) loop(ctx context.Context) {
	for {
		select {
		case <-s.checkCh:
		case <-ctx.Done():
			return
		}
	}
}

func (c *cluster) TriggerCheck() {
	c.checkCh <- struct{}{} // want `chansend: send on c.checkCh can block forever: its only receiver, the loop in \(\*memberServer\).loop, stops at stopping.go:\d+ on ctx.Done\(\), and this send does not select on it`
}

// The sender checks, under the mutex Close takes, the flag Close sets
// before it stops the loop (database/sql's connection opener).
type db struct {
	mu       sync.Mutex
	closed   bool
	openerCh chan struct{}
}

func (d *db) opener(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.openerCh:
		}
	}
}

func (d *db) maybeOpen(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for n > 0 {
		n--
		if d.closed {
			return
		}
		d.openerCh <- struct{}{}
	}
}

// The sender waits for the answer on a select that watches the loop's
// own stop channel (net/http's persistConn.roundTrip): it knows when the
// loop is gone.
type conn struct {
	writech chan string
	closech chan struct{}
	reply   chan error
}

func (c *conn) writeLoop() {
	for {
		select {
		case w := <-c.writech:
			_ = w
		case <-c.closech:
			return
		}
	}
}

func (c *conn) roundTrip(req string) error {
	c.writech <- req
	select {
	case err := <-c.reply:
		return err
	case <-c.closech:
		return nil
	}
}

// An observer registered with blocking delivery: its owner chose to wait
// (hashicorp/raft's observers).
type observer struct {
	channel  chan int
	blocking bool
}

type observed struct {
	observers []*observer
	watch     *observer
}

func (o *observed) watchLoop(ctx context.Context) {
	for {
		select {
		case v := <-o.watch.channel:
			_ = v
		case <-ctx.Done():
			return
		}
	}
}

func (o *observed) notify(v int) {
	for _, ob := range o.observers {
		if ob.blocking {
			ob.channel <- v
		} else {
			select {
			case ob.channel <- v:
			default:
			}
		}
	}
}

// A future notified once: the channel is cleared after the send, and
// checked first (hashicorp/raft's verifyFuture.vote).
type verifyFuture struct {
	mu       sync.Mutex
	notifyCh chan *verifyFuture
	votes    int
}

type leader struct {
	verifyCh chan *verifyFuture
}

func (l *leader) run(ctx context.Context) {
	for {
		select {
		case v := <-l.verifyCh:
			_ = v
		case <-ctx.Done():
			return
		}
	}
}

func (l *leader) verify() *verifyFuture {
	return &verifyFuture{notifyCh: l.verifyCh}
}

func (v *verifyFuture) Vote(ok bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.notifyCh == nil {
		return
	}
	if ok {
		v.votes++
		if v.votes > 1 {
			v.notifyCh <- v
			v.notifyCh = nil
		}
	}
}

// Two loops receive, both can stop: the message counts them.
type twoLoops struct {
	in   chan int
	stop chan struct{}
}

func (t *twoLoops) a() {
	for {
		select {
		case <-t.in:
		case <-t.stop:
			return
		}
	}
}

func (t *twoLoops) b(ctx context.Context) {
	for {
		select {
		case <-t.in:
		case <-ctx.Done():
			return
		}
	}
}

func (t *twoLoops) Push(v int) {
	t.in <- v // want `chansend: send on t.in can block forever: each of its 2 receivers can stop; the loop in \(\*twoLoops\).a, stops at stopping.go:\d+ on t.stop, and this send does not select on it; select on it: select \{ case t.in <- v: case <-t.stop: return \}`
}

// The server loop's request, fixed: the requester gives up when the loop's
// context is done too.
type safeNode struct {
	status chan chan string
	ctx    context.Context
}

func (n *safeNode) serve() {
	for {
		select {
		case reply := <-n.status:
			reply <- "ok"
		case <-n.ctx.Done():
			return
		}
	}
}

func (n *safeNode) Status() string {
	c := make(chan string, 1)
	select {
	case n.status <- c:
	case <-n.ctx.Done():
		return ""
	}
	return <-c
}

// The forwarding goroutine, fixed: it selects on its own ctx.
type safePump struct {
	out chan int
}

func (p *safePump) consume(ctx context.Context) {
	for {
		select {
		case v := <-p.out:
			_ = v
		case <-ctx.Done():
			return
		}
	}
}

func (p *safePump) produce(ctx context.Context, src []int) {
	go func() {
		for _, v := range src {
			select {
			case p.out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
}

// The copied cancel channel, fixed: the subscription gives up with the
// hub's context.
type safeHub struct {
	cancelCh chan *safeSubscription
	ctx      context.Context
}

type safeSubscription struct {
	cancelCh chan<- *safeSubscription
	ctx      context.Context
}

func (h *safeHub) processLoop() {
	for {
		select {
		case s := <-h.cancelCh:
			_ = s
		case <-h.ctx.Done():
			return
		}
	}
}

func (h *safeHub) Subscribe() *safeSubscription {
	return &safeSubscription{cancelCh: h.cancelCh, ctx: h.ctx}
}

func (s *safeSubscription) Cancel() {
	select {
	case s.cancelCh <- s:
	case <-s.ctx.Done():
	}
}

// The constructor-given channel, fixed: a check already pending is
// enough, so the trigger never waits.
type safeCluster struct {
	checkCh chan struct{}
}

func (c *safeCluster) TriggerCheck() {
	select {
	case c.checkCh <- struct{}{}:
	default:
	}
}
