package wrappers

import (
	"errors"
	"os"
)

// An iterator over bytes someone else holds: its Close releases a handle
// that only some constructors set. Built by a constructor whose init
// never sets it, the iterator holds nothing to close.

type fileHandle struct{ f *os.File }

func (h *fileHandle) release() {
	if h.f != nil {
		h.f.Close()
	}
}

type blockIter struct {
	data   []byte
	pos    int
	handle *fileHandle
}

func (i *blockIter) Close() error {
	if i.handle != nil {
		i.handle.release()
	}
	i.handle = nil
	return nil
}

func (i *blockIter) reset() { i.pos = 0 }

func (i *blockIter) init(data []byte) error {
	if len(data) == 0 {
		return errors.New("empty block")
	}
	i.data = data
	i.reset()
	return nil
}

func newBlockIter(data []byte) (*blockIter, error) {
	i := &blockIter{}
	return i, i.init(data)
}

func firstByte(data []byte) (byte, error) {
	it, err := newBlockIter(data)
	if err != nil {
		return 0, err
	}
	if it.pos >= len(it.data) {
		return 0, errors.New("past the end")
	}
	return it.data[it.pos], nil
}

// One that holds a handle: its Close releases the file.
func (i *blockIter) initWithHandle(h *fileHandle) {
	i.handle = h
}

func newHandleIter(name string) (*blockIter, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	i := &blockIter{}
	i.initWithHandle(&fileHandle{f: f})
	return i, nil
}

func firstOfFile(name string) (int, error) {
	it, err := newHandleIter(name) // want `closecheck: it \(from newHandleIter\) is not closed on the path returning at tp_iterator_over_bytes.go:\d+`
	if err != nil {
		return 0, err
	}
	if len(it.data) == 0 {
		return 0, errors.New("empty")
	}
	return it.pos, it.Close()
}
