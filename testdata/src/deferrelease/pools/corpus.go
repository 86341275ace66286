package pools

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"sync"
)

// Shapes from the corpus (nats-server, sarama, prometheus).

// The pooled slice's content moves into a field: the queue owns it now.
type queue[T any] struct {
	elts []T
	pool *sync.Pool
}

func (q *queue[T]) push(e T) {
	if q.elts == nil {
		q.elts = *(q.pool.Get().(*[]T))
	}
	q.elts = append(q.elts, e)
}

// The content goes back through another pointer in a deferred closure.
var bytesPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func decodeInto(data []byte) ([]byte, error) {
	buffer := *bytesPool.Get().(*[]byte)
	defer func() {
		buffer = buffer[:0]
		bytesPool.Put(&buffer)
	}()
	buffer = append(buffer, data...)
	if len(buffer) == 0 {
		return nil, errors.New("empty")
	}
	return bytes.Clone(buffer), nil
}

// A writer from the pool or a new one, closed, put back by the defer.
var writerPool sync.Pool

func compressMaybePooled(data []byte, pooled bool) ([]byte, error) {
	var buf bytes.Buffer
	writer := gzip.NewWriter(&buf)
	if pooled {
		writer = writerPool.Get().(*gzip.Writer)
		writer.Reset(&buf)
		defer writerPool.Put(writer)
	}
	if _, err := writer.Write(data); err != nil {
		return nil, err
	}
	if err := writer.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// An entry type that puts itself back.
type entry struct {
	buf  []byte
	term uint64
}

var entryPool = sync.Pool{New: func() any { return new(entry) }}

func newEntry(term uint64) *entry {
	e := entryPool.Get().(*entry)
	e.term, e.buf = term, nil
	return e
}

func (e *entry) returnToPool() {
	e.buf = nil
	entryPool.Put(e)
}

func interested(term uint64) bool {
	e := newEntry(term)
	defer e.returnToPool()
	return e.term > 0
}

// Taken from a sync.Pool and never given back on any path: the pool is
// used as an allocator; the garbage collector takes the entry.
func encodeOnce(w io.Writer, term uint64) error {
	e := newEntry(term)
	if term == 0 {
		return errors.New("no term")
	}
	_, err := w.Write(e.buf)
	return err
}

// Given back on one path, not on the encode error path.
func encodeAndRecycle(w io.Writer, term uint64, keep func(*entry)) error {
	e := newEntry(term) // want `deferrelease: e from newEntry is not given back on the path returning at corpus.go:\d+ \(add defer e.returnToPool\(\) after line \d+\)`
	if _, err := w.Write(e.buf); err != nil {
		return err
	}
	e.returnToPool()
	return nil
}

// Batches go to workers, except the last when it is empty.
var batchPool = sync.Pool{New: func() any { return new([]int) }}

func dispatch(items []int, work chan<- *[]int) {
	next := batchPool.Get().(*[]int) // want `deferrelease: next from batchPool.Get is not put back on the path returning at corpus.go:\d+; put it back on that path too`
	for _, it := range items {
		*next = append(*next, it)
	}
	if len(*next) > 0 {
		work <- next
	}
}

// Given back and set to nil on one branch; the second give-back runs on a
// nil entry on that path (nats consumer's redelivery).
func (e *entry) recycle() {
	if e == nil {
		return
	}
	entryPool.Put(e)
}

func redeliver(term uint64, missing, deleted bool) *entry {
	e := newEntry(term)
	if missing {
		e.recycle()
		e = nil
	}
	if deleted {
		e.recycle()
		e = nil
	}
	return e
}

// image/png's encoder: a buffer from the pool when there is one, a new one
// otherwise, put back under the same test.
type encoder struct{ n int }

type EncoderBuffer encoder

type EncoderBufferPool interface {
	Get() *EncoderBuffer
	Put(*EncoderBuffer)
}

type pngEncoder struct{ BufferPool EncoderBufferPool }

func (enc *pngEncoder) encode(n int) error {
	var e *encoder
	if enc.BufferPool != nil {
		buffer := enc.BufferPool.Get()
		e = (*encoder)(buffer)
	}
	if e == nil {
		e = &encoder{}
	}
	if enc.BufferPool != nil {
		defer enc.BufferPool.Put((*EncoderBuffer)(e))
	}
	if n < 0 {
		return errors.New("negative")
	}
	e.n = n
	return nil
}

// A pool whose Put only counts (its summary borrows the buffer), given a
// variable that holds the pooled buffer or a fallback.
type countingPool struct{ budget int }

func (p *countingPool) Get(n int) (*[]byte, error) {
	if n > p.budget {
		return nil, errors.New("exhausted")
	}
	p.budget -= n
	b := make([]byte, n)
	return &b, nil
}

func (p *countingPool) Put(b *[]byte) { p.budget += cap(*b) }

func withFallback(p *countingPool, n int) int {
	b, err := p.Get(n)
	if err != nil {
		fresh := make([]byte, n)
		b = &fresh
	}
	defer p.Put(b)
	return len(*b)
}
