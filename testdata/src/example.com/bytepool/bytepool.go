// Package bytepool is a bucketed byte pool with a budget, the shape of a
// store gateway's chunk pool: buffers not put back shrink the budget.
package bytepool

import "errors"

// ErrExhausted is returned when the budget is spent.
var ErrExhausted = errors.New("pool exhausted")

// Pool hands out byte slices within a budget.
type Pool struct {
	budget int
	free   []*[]byte
}

// New returns a pool with a byte budget.
func New(budget int) *Pool { return &Pool{budget: budget} }

// Get returns a buffer of length sz.
func (p *Pool) Get(sz int) (*[]byte, error) {
	if sz > p.budget {
		return nil, ErrExhausted
	}
	p.budget -= sz
	b := make([]byte, sz)
	return &b, nil
}

// Put returns a buffer to the pool.
func (p *Pool) Put(b *[]byte) {
	p.budget += cap(*b)
	p.free = append(p.free, b)
}

// Bytes is a pool through an interface, as callers often hold it.
type Bytes interface {
	Get(sz int) (*[]byte, error)
	Put(b *[]byte)
}
