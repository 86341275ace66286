// Package locked holds sends made while holding a mutex that the
// channel's receiver takes before it receives, and the shapes around them
// that are fine.
package locked

import (
	"context"
	"sync"
)

// A hub publishes events to a loop that also reads the subscriber count
// under the same mutex: a publisher holding mu waits for run, which waits
// for mu.
type hub struct {
	mu     sync.Mutex
	subs   map[int]bool
	events chan string
}

func newHub() *hub { return &hub{events: make(chan string), subs: map[int]bool{}} }

func (h *hub) publish(e string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events <- e // want `chansend: send on h.events \(unbuffered, made at locked.go:20\) while holding h.mu can block forever: \(\*hub\).run locks h.mu at locked.go:30 before it receives at locked.go:33; unlock h.mu before sending`
}

func (h *hub) run() {
	for {
		h.mu.Lock()
		n := len(h.subs)
		h.mu.Unlock()
		e := <-h.events
		_, _ = n, e
	}
}

// A read lock in the receiver is enough to wait for a writer.
type table struct {
	mu      sync.RWMutex
	rows    map[string]int
	updates chan string
}

func (t *table) set(k string, v int) {
	t.mu.Lock()
	t.rows[k] = v
	t.updates <- k // want `chansend: send on t.updates while holding t.mu can block forever: the function literal in \(\*table\).start locks t.mu at locked.go:55 before it receives at locked.go:54; unlock t.mu before sending`
	t.mu.Unlock()
}

func (t *table) start() {
	go func() {
		for k := range t.updates {
			t.mu.RLock()
			_ = t.rows[k]
			t.mu.RUnlock()
		}
	}()
}

// Unlocking before the send: fine.
type queue struct {
	mu    sync.Mutex
	items []int
	ready chan int
}

func (q *queue) push(x int) {
	q.mu.Lock()
	q.items = append(q.items, x)
	n := len(q.items)
	q.mu.Unlock()
	q.ready <- n
}

func (q *queue) loop() {
	for {
		q.mu.Lock()
		q.items = q.items[:0]
		q.mu.Unlock()
		<-q.ready
	}
}

// The receiver never takes the mutex: fine.
type logger struct {
	mu    sync.Mutex
	n     int
	lines chan string
}

func (l *logger) log(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	l.lines <- s
}

func (l *logger) drain() {
	for s := range l.lines {
		_ = s
	}
}

// Both sides hold a read lock only: readers do not wait for each other.
type cache struct {
	mu    sync.RWMutex
	data  map[string]string
	reads chan string
}

func (c *cache) get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.reads <- k
	return c.data[k]
}

func (c *cache) count() {
	for {
		c.mu.RLock()
		_ = len(c.data)
		c.mu.RUnlock()
		<-c.reads
	}
}

// The receiver takes another mutex: fine.
type split struct {
	mu, statsMu sync.Mutex
	jobs        chan int
}

func (s *split) submit(j int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs <- j
}

func (s *split) work() {
	for {
		s.statsMu.Lock()
		s.statsMu.Unlock()
		<-s.jobs
	}
}

// The send under the lock selects on ctx.Done(): out of scope here.
type guarded struct {
	mu  sync.Mutex
	out chan int
}

func (g *guarded) emit(ctx context.Context, v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case g.out <- v:
	case <-ctx.Done():
	}
}

func (g *guarded) consume() {
	for {
		g.mu.Lock()
		g.mu.Unlock()
		<-g.out
	}
}

// The lock held belongs to another value than the channel: no cycle.
type node struct {
	mu    sync.Mutex
	inbox chan int
}

func forward(from, to *node, v int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.inbox <- v
}

func (n *node) serve() {
	for {
		n.mu.Lock()
		n.mu.Unlock()
		<-n.inbox
	}
}

// The receiver that takes the lock only drains what is already buffered
// (for len(ch) > 0): it never waits for the sender (sarama's mock
// consumer).
type paused struct {
	mu         sync.Mutex
	isPaused   bool
	suppressed chan int
	messages   chan int
}

func (p *paused) yield(m int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.isPaused {
		p.suppressed <- m
		return
	}
	p.messages <- m
}

func (p *paused) resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.suppressed) > 0 {
		p.messages <- <-p.suppressed
	}
	p.isPaused = false
}

// A one-shot delivery under the lock, closed right after, into a channel
// made with room for it (net/http's wantConn).
type wantConn struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newWantConn() *wantConn { return &wantConn{result: make(chan int, 1)} }

func (w *wantConn) tryDeliver(v int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	w.result <- v
	close(w.result)
	return true
}

func (w *wantConn) cancel() {
	w.mu.Lock()
	if w.done {
		<-w.result
	}
	w.mu.Unlock()
}

// A channel used as a lock over shared memory: taken and put back by the
// same function (the fuzzing worker's memMu).
type workerClient struct {
	mu    sync.Mutex
	memMu chan []byte
}

func (wc *workerClient) fuzz(in []byte) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	mem := <-wc.memMu
	copy(mem, in)
	wc.memMu <- mem
}

func (wc *workerClient) minimize(in []byte) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	mem := <-wc.memMu
	copy(mem, in)
	wc.memMu <- mem
}
