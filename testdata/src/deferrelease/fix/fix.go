// Package fix checks deferrelease's suggested fixes.
package fix

import (
	"bytes"
	"errors"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(s string) (string, error) {
	b := bufPool.Get().(*bytes.Buffer) // want `deferrelease: b from bufPool.Get is not put back`
	b.Reset()
	if s == "" {
		bufPool.Put(b)
		return "", errors.New("empty")
	}
	if len(s) > 80 {
		return "", errors.New("too long")
	}
	b.WriteString(s)
	out := b.String()
	bufPool.Put(b)
	return out, nil
}

type counter struct{ n int }

func (c *counter) Retain()  { c.n++ }
func (c *counter) Release() { c.n-- }

func retained(c *counter, ok bool) error {
	c.Retain() // want `deferrelease: the reference from c.Retain is not released`
	if !ok {
		return errors.New("not ok")
	}
	c.Release()
	return nil
}
