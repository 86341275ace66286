// Package handoff holds closecheck cases about ownership: when a resource
// leaves the function's care (no finding) and when it only seems to.
package handoff

import (
	"errors"
	"io"
)

// Rows is a resource: query returns it owned and it must be closed.
type Rows struct {
	n      int
	buf    []byte
	closed bool
}

func query(q string) (*Rows, error) {
	if q == "" {
		return nil, errors.New("empty query")
	}
	return &Rows{}, nil
}

func (r *Rows) Close() error { r.closed = true; return nil }
func (r *Rows) Next() bool   { r.n++; return r.n < 3 }
func (r *Rows) Read(p []byte) (int, error) {
	if r.n > 2 {
		return 0, io.EOF
	}
	r.n++
	return len(p), nil
}
