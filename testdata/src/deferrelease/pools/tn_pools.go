package pools

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"sync"

	"example.com/bufs"
	"example.com/bytepool"
)

// The shapes that give the buffer back, or hand it on.

func deferredPut(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b)
	b.Reset()
	b.WriteString(s)
	return b.String()
}

func putInEveryBranch(w io.Writer, s string) error {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	if _, err := b.WriteString(s); err != nil {
		bufPool.Put(b)
		return err
	}
	_, err := w.Write(b.Bytes())
	bufPool.Put(b)
	return err
}

// Returned to the caller, who owns it now.
func getBuffer() *bytes.Buffer {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// Put back in a deferred closure.
func deferredClosure(s string) (n int) {
	b := bufPool.Get().(*bytes.Buffer)
	defer func() {
		b.Reset()
		bufPool.Put(b)
	}()
	n, _ = b.WriteString(s)
	return n
}

// Get in a loop, Put at the end of each iteration.
func perLine(lines []string) int {
	n := 0
	for _, l := range lines {
		b := bufPool.Get().(*bytes.Buffer)
		b.Reset()
		b.WriteString(l)
		n += b.Len()
		bufPool.Put(b)
	}
	return n
}

// Recorded in a reader whose Close puts it back.
type pooledReader struct {
	pool *bytepool.Pool
	buf  *[]byte
	off  int
}

func (r *pooledReader) Close() error {
	r.pool.Put(r.buf)
	return nil
}

func openReader(p *bytepool.Pool, size int) (io.Closer, error) {
	buf, err := p.Get(size)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		p.Put(buf)
		return nil, errors.New("empty")
	}
	return &pooledReader{pool: p, buf: buf}, nil
}

// A getBuf/putBuf pair from another package, known through facts.
func viaWrappers(s string) string {
	b := bufs.Get()
	defer bufs.Release(b)
	b.WriteString(s)
	return b.String()
}

// The failed Get holds nothing.
func failedGet(p *bytepool.Pool) error {
	buf, err := p.Get(1 << 20)
	if err != nil {
		return err
	}
	p.Put(buf)
	return nil
}

// A leak the authors accept, silenced for this pass only.
func accepted(p *bytepool.Pool) int {
	buf, err := p.Get(64) //nolint:deferrelease // the pool is dropped with the request
	if err != nil {
		return 0
	}
	return len(*buf)
}

// A comma-ok assertion: when it fails the pool was empty (no New) and
// nothing was taken; a buffer too small goes back at once.
var rawPool sync.Pool

func sized(size int) *[]byte {
	bs, ok := rawPool.Get().(*[]byte)
	if ok && cap(*bs) >= size {
		*bs = (*bs)[:size]
		return bs
	}
	if ok {
		rawPool.Put(bs)
	}
	b := make([]byte, size)
	return &b
}

// Closing a pooled writer is not putting it back; the defer does.
var zPool = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

func compress(w io.Writer, p []byte) error {
	z := zPool.Get().(*gzip.Writer)
	defer zPool.Put(z)
	z.Reset(w)
	if _, err := z.Write(p); err != nil {
		return err
	}
	return z.Close()
}
