package pools

import (
	"bytes"
	"errors"
	"io"
)

// A pool of byte slices behind pointers, as a chunk pool is.
type slabs struct{}

func (slabs) Get(n int) (*[]byte, error) { b := make([]byte, 0, n); return &b, nil }
func (slabs) Put(b *[]byte)             {}

var chunkPool slabs

// The pooled bytes go to the caller through the buffer built on them:
// buf.Bytes() shares *c's backing array, and the caller puts it back.
func readChunk(r io.Reader) (*[]byte, error) {
	c, err := chunkPool.Get(64)
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(*c)
	if _, err := io.Copy(buf, r); err != nil {
		chunkPool.Put(c)
		return nil, err
	}
	b := buf.Bytes()
	return &b, nil
}

// Before the fix, a failed read dropped them.
func readChunkLeaky(r io.Reader, ok bool) (*[]byte, error) {
	c, err := chunkPool.Get(64) // want `deferrelease: c from chunkPool.Get is not put back on the path returning at tp_bytes_alias_returned.go:40; put it back on that path too`
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("bad range")
	}
	buf := bytes.NewBuffer(*c)
	if _, err := io.Copy(buf, r); err != nil {
		chunkPool.Put(c)
		return nil, err
	}
	b := buf.Bytes()
	return &b, nil
}
