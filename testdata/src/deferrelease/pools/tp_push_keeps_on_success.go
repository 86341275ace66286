package pools

import (
	"errors"
	"sync"
)

type inbound struct{ subj string }

var inboundPool = sync.Pool{New: func() any { return &inbound{} }}

// A bounded queue keeps what it is given only when there is room.
type boundedQueue struct {
	mu   sync.Mutex
	elts []*inbound
	max  int
	size func(*inbound) uint64
}

var errQueueFull = errors.New("queue full")

func (q *boundedQueue) push(e *inbound) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.size != nil && q.size(e) > 1<<20 {
		return 0, errQueueFull
	}
	if len(q.elts) == q.max {
		return 0, errQueueFull
	}
	q.elts = append(q.elts, e)
	return len(q.elts), nil
}

// The dropped message is lost to the pool: push kept it only on success.
func queueInbound(q *boundedQueue, subj string) {
	im := inboundPool.Get().(*inbound) // want `deferrelease: im from inboundPool.Get is not put back on the path returning at tp_push_keeps_on_success.go:\d+; put it back on that path too`
	im.subj = subj
	if _, err := q.push(im); err != nil {
		println("dropping", subj)
	}
}

// The fixed twin puts it back when the push fails.
func queueInboundFixed(q *boundedQueue, subj string) {
	im := inboundPool.Get().(*inbound)
	im.subj = subj
	if _, err := q.push(im); err != nil {
		inboundPool.Put(im)
	}
}
