package refs

import "errors"

// A cache handle passed by value: the read that returns it with its
// error took a reference that the handle's Release drops. An iterator
// over the handle's bytes owns nothing; the handle does.

type cacheValue struct{ refs int }

type Handle struct{ v *cacheValue }

func (h Handle) Get() []byte { return nil }

func (h Handle) Release() {
	if h.v != nil {
		h.v.refs--
	}
}

type blockReader struct {
	cache map[int]*cacheValue
	err   error
}

func (r *blockReader) readBlock(off int) (Handle, error) {
	v, ok := r.cache[off]
	if !ok {
		return Handle{}, errors.New("no block")
	}
	v.refs++
	return Handle{v: v}, nil
}

func decodeIndex(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, errors.New("corrupt index")
	}
	return len(b), nil
}

func (r *blockReader) estimate(off int) (int, error) {
	h, err := r.readBlock(off) // want `deferrelease: h from r.readBlock is not released on the path returning at tp_value_handle.go:49 \(add defer h.Release\(\) after line 46\)`
	if err != nil {
		return 0, err
	}
	n, err := decodeIndex(h.Get())
	if err != nil {
		return 0, err
	}
	h.Release()
	return n, nil
}

// Fixed: released on every path.
func (r *blockReader) estimateReleased(off int) (int, error) {
	h, err := r.readBlock(off)
	if err != nil {
		return 0, err
	}
	defer h.Release()
	return decodeIndex(h.Get())
}

// The read's error kept in a field and tested there: nothing is held on
// that branch.
func (r *blockReader) mayContain(off int) bool {
	var h Handle
	h, r.err = r.readBlock(off)
	if r.err != nil {
		return false
	}
	ok := len(h.Get()) > 0
	h.Release()
	return ok
}
