package pools

import (
	"errors"
	"io"
	"sync"
	"syscall"
)

// A pool of sized buffers: the pool's slice cut to size, or a new slice
// for sizes no pool serves. Either is given back the same way.

var sizedPools [4]*sync.Pool

func getSized(size int) []byte {
	i := size >> 10
	if i >= len(sizedPools) {
		return make([]byte, size)
	}
	return sizedPools[i].Get().([]byte)[:size]
}

func putSized(buf []byte) {
	i := cap(buf) >> 10
	if i >= len(sizedPools) {
		return
	}
	sizedPools[i].Put(buf)
}

var errWouldBlock = errors.New("would block")

type readQueue struct{ bufs [][]byte }

func (q *readQueue) pushBack(b []byte) { q.bufs = append(q.bufs, b) }

type pollConn struct {
	queue readQueue
	r     io.Reader
}

func (c *pollConn) read(b []byte) (int, error) { return c.r.Read(b) }

// A read of nothing neither queues the buffer nor gives it back.
func (c *pollConn) bufferUntilBlock() error {
	for {
		buf := getSized(8 * 1024) // want `deferrelease: buf from getSized is not given back before the loop reaches it again \(path through tp_sized_pool_dropped.go:52\); give it back before the loop continues`
		n, err := c.read(buf)
		if n > 0 {
			c.queue.pushBack(buf[:n])
		}
		if err != nil {
			if errors.Is(err, errWouldBlock) {
				return nil
			}
			return err
		}
	}
}

// Fixed: an empty read gives the buffer back.
func (c *pollConn) bufferUntilBlockFixed() error {
	for {
		buf := getSized(8 * 1024)
		n, err := c.read(buf)
		if n > 0 {
			c.queue.pushBack(buf[:n])
		} else {
			putSized(buf)
		}
		if err != nil {
			if errors.Is(err, errWouldBlock) {
				return nil
			}
			return err
		}
	}
}

// Fixed as upstream did: a count from Read is never negative, so after
// `n > 0` failed, `n == 0` holds and the buffer goes back.
func (c *pollConn) bufferUntilBlockCounted() error {
	for {
		buf := getSized(8 * 1024)
		n, err := c.read(buf)
		if n > 0 {
			c.queue.pushBack(buf[:n])
		} else if n == 0 {
			putSized(buf)
		}
		if err != nil {
			if errors.Is(err, errWouldBlock) {
				return nil
			}
			return err
		}
	}
}

// A syscall through a raw connection reads into the buffer only while
// the callback runs.
func rawRead(rc syscall.RawConn) (int, error) {
	buf := getSized(512) // want `deferrelease: buf from getSized is not given back on the path returning at tp_sized_pool_dropped.go:\d+`
	var n int
	var readErr error
	err := rc.Read(func(fd uintptr) bool {
		n, readErr = syscall.Read(int(fd), buf)
		return true
	})
	if err != nil {
		return 0, err
	}
	putSized(buf)
	return n, readErr
}
