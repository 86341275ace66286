// Package crash holds shapes that once crashed the pass (a stack overflow
// cannot be recovered): each must be analysed, and reported or not as its
// comment says.
package crash

import "errors"

var errBlocked = errors.New("blocked")

type conn struct{ queue [][]byte }

func (c *conn) readOnce() error { return nil }

// startReader returns channels held in named results that its goroutine
// captures: the channels live in variables, loaded and stored back.
func (c *conn) startReader() (stop chan struct{}, errs chan error) {
	stop = make(chan struct{})
	errs = make(chan error, 1)
	go func() {
		for {
			if err := c.readOnce(); err != nil {
				errs <- err // capacity 1, one send: not reported
				return
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	return stop, errs
}

// flush keeps the channels in variables a deferred closure reads, and
// assigns them from a call in a loop.
func (c *conn) flush() error {
	var stop chan struct{}
	var errs chan error
	defer func() {
		if stop != nil {
			select {
			case stop <- struct{}{}:
			case <-errs:
			}
		}
	}()
	for _, buf := range c.queue {
		if len(buf) == 0 {
			continue
		}
		if stop == nil {
			stop, errs = c.startReader()
		}
		select {
		case err := <-errs:
			stop = nil
			return err
		default:
		}
	}
	return errBlocked
}

// swap stores a variable's own value back into it.
func swap() {
	ch := make(chan int, 1)
	for i := 0; i < 3; i++ {
		ch = ch
		ch <- i // capacity 1, each send received right after: not reported
		<-ch
	}
}
