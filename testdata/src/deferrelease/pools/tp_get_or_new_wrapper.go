package pools

import (
	"errors"
	"sync"
)

// Get-or-new wrappers: the pool's value, or a new one when the pool is
// empty. Both are given back the same way, so the caller holds the value
// as if it came from the pool.

type request struct{ body []byte }

var requestPool sync.Pool

func acquireRequest() *request {
	v := requestPool.Get()
	if v == nil {
		return &request{}
	}
	return v.(*request)
}

func releaseRequest(r *request) {
	r.body = r.body[:0]
	requestPool.Put(r)
}

// The write error returns before the request goes back.
func postLeak(body []byte, fail bool) error {
	req := acquireRequest() // want `deferrelease: req from acquireRequest is not given back on the path returning at tp_get_or_new_wrapper.go:34 \(add defer releaseRequest\(req\) after line 31\)`
	req.body = append(req.body, body...)
	if fail {
		return errors.New("write failed")
	}
	releaseRequest(req)
	return nil
}

// Fixed: given back on every path.
func postReleased(body []byte, fail bool) error {
	req := acquireRequest()
	defer releaseRequest(req)
	req.body = append(req.body, body...)
	if fail {
		return errors.New("write failed")
	}
	return nil
}

type pubMsg struct{ buf []byte }

var pubMsgPool sync.Pool

func getPubMsg() *pubMsg {
	pm := pubMsgPool.Get()
	if pm != nil {
		return pm.(*pubMsg)
	}
	return new(pubMsg)
}

func (pm *pubMsg) returnToPool() {
	if pm == nil {
		return
	}
	pm.buf = pm.buf[:0]
	pubMsgPool.Put(pm)
}

// Put back on the load error, then returned anyway: the caller gets a
// message that may already be someone else's.
func loadMsgAfterPut(fail bool) (*pubMsg, error) {
	pm := getPubMsg()
	var err error
	if fail {
		err = errors.New("not found")
		pm.returnToPool()
	}
	return pm, err // want `deferrelease: pm is used after it was given back at tp_get_or_new_wrapper.go:78; it may already belong to another caller`
}

// Fixed: the variable is cleared once the message went back.
func loadMsgCleared(fail bool) (*pubMsg, error) {
	pm := getPubMsg()
	var err error
	if fail {
		err = errors.New("not found")
		pm.returnToPool()
		pm = nil
	}
	return pm, err
}

// A constructor that only allocates is not a pool: nothing to give back.
func newPubMsg() *pubMsg { return &pubMsg{} }

func buildOnly(fail bool) error {
	pm := newPubMsg()
	if fail {
		return errors.New("fail")
	}
	pm.buf = append(pm.buf, 1)
	return nil
}

var errMsgNotFound = errors.New("message not found")

func loadInto(seq int, pm *pubMsg) error {
	if seq < 0 {
		return errMsgNotFound
	}
	pm.buf = append(pm.buf, byte(seq))
	return nil
}

// Skipping a deleted message: `err == errMsgNotFound` holds only where
// err is not nil, and there the message went back already.
func nextMsg(seqs []int) (*pubMsg, error) {
	for _, seq := range seqs {
		pm := getPubMsg()
		err := loadInto(seq, pm)
		if err != nil {
			pm.returnToPool()
			pm = nil
		}
		if err == errMsgNotFound {
			continue
		}
		return pm, err
	}
	return nil, nil
}
