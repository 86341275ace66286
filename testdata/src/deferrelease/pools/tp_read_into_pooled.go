package pools

import (
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

var slabPool = sync.Pool{New: func() any { b := make([]byte, 64); return &b }}

type header struct{ n uint32 }

// Unmarshal copies what it keeps, as generated unmarshalers do.
func (h *header) Unmarshal(b []byte) error {
	if len(b) < 4 {
		return errors.New("short header")
	}
	h.n = binary.BigEndian.Uint32(b)
	return nil
}

// io.ReadFull and an Unmarshal method only borrow the buffer (io.Reader
// must not retain it): the error returns lose it.
func readHeader(r io.Reader) (header, error) {
	bp := slabPool.Get().(*[]byte) // want `deferrelease: bp from slabPool.Get is not put back on the path returning at tp_read_into_pooled.go:29 \(add defer slabPool.Put\(bp\) after line 26\)`
	buf := *bp
	if _, err := io.ReadFull(r, buf[:4]); err != nil {
		return header{}, err
	}
	var h header
	if err := h.Unmarshal(buf[:4]); err != nil {
		return header{}, err
	}
	slabPool.Put(bp)
	return h, nil
}

// The fixed twin puts it back on every path.
func readHeaderFixed(r io.Reader) (header, error) {
	bp := slabPool.Get().(*[]byte)
	defer slabPool.Put(bp)
	buf := *bp
	if _, err := io.ReadFull(r, buf[:4]); err != nil {
		return header{}, err
	}
	var h header
	err := h.Unmarshal(buf[:4])
	return h, err
}

// An encoding.BinaryUnmarshaler behind an interface borrows too.
func unmarshalFrom(u interface{ UnmarshalBinary([]byte) error }, r io.Reader) error {
	bp := slabPool.Get().(*[]byte) // want `deferrelease: bp from slabPool.Get is not put back on the path returning at tp_read_into_pooled.go:\d+`
	if _, err := r.Read(*bp); err != nil {
		return err
	}
	if err := u.UnmarshalBinary(*bp); err != nil {
		return err
	}
	slabPool.Put(bp)
	return nil
}
