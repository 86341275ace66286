package pools

import (
	"errors"

	"example.com/bufs"
)

// A getBuf/putBuf pair from another package: the error path forgets it.
func viaWrappersLeak(s string) error {
	b := bufs.Get() // want `deferrelease: b from bufs.Get is not given back on the path returning at tp_wrapper_pair.go:14 \(add defer bufs.Release\(b\) after line 11\)`
	b.WriteString(s)
	if b.Len() > 10 {
		return errors.New("too long")
	}
	bufs.Release(b)
	return nil
}
