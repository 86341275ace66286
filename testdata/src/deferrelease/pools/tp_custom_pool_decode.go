package pools

import (
	"errors"
	"io"

	"example.com/bytepool"
)

type chunkReader struct {
	pool *bytepool.Pool
}

var errCorrupt = errors.New("corrupt chunk")

// The store gateway's shape: a chunk buffer from a budgeted pool is lost
// when decoding fails, and the budget shrinks until queries fail.
func (r *chunkReader) readChunk(src io.Reader, size int) ([]int, error) {
	buf, err := r.pool.Get(size) // want `deferrelease: buf from r.pool.Get is not put back on the path returning at tp_custom_pool_decode.go:29 \(add defer r.pool.Put\(buf\) after line 22\)`
	if err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(src, *buf); err != nil {
		r.pool.Put(buf)
		return nil, err
	}
	out, err := decode(*buf)
	if err != nil {
		return nil, errCorrupt
	}
	r.pool.Put(buf)
	return out, nil
}

func decode(b []byte) ([]int, error) {
	if len(b) == 0 {
		return nil, errCorrupt
	}
	return []int{int(b[0])}, nil
}

// Through an interface, lost on every path.
func readThrough(p bytepool.Bytes, size int) (int, error) {
	buf, err := p.Get(size) // want `deferrelease: buf from p.Get is not put back on the path returning at tp_custom_pool_decode.go:\d+ \(add defer p.Put\(buf\) after line 47\)`
	if err != nil {
		return 0, err
	}
	return len(*buf), nil
}

// In a loop, a defer is no fix: the message says to put it back.
func readAll(p *bytepool.Pool, sizes []int) error {
	for _, n := range sizes {
		buf, err := p.Get(n) // want `deferrelease: buf from p.Get is not put back on the path returning at tp_custom_pool_decode.go:\d+; put it back on that path too`
		if err != nil {
			return err
		}
		if n == 0 {
			return errCorrupt
		}
		p.Put(buf)
	}
	return nil
}
