package pools

import (
	"bytes"
	"sync"
)

var rotatePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// rotate swaps two pooled buffers held in variables a deferred closure
// reads: each variable stores the other's value (this once recursed
// forever). Both go back on every path: not reported.
func rotate(n int) int {
	cur := rotatePool.Get().(*bytes.Buffer)
	next := rotatePool.Get().(*bytes.Buffer)
	defer func() {
		rotatePool.Put(cur)
		rotatePool.Put(next)
	}()
	for i := 0; i < n; i++ {
		cur, next = next, cur
		cur.WriteByte('x')
	}
	return cur.Len()
}

// rotated returns one of two pooled buffers swapped in variables a
// deferred closure reads; the other goes back. Its summary once recursed
// forever between the two variables.
func rotated(n int) *bytes.Buffer {
	cur := rotatePool.Get().(*bytes.Buffer)
	next := rotatePool.Get().(*bytes.Buffer)
	defer func() { rotatePool.Put(next) }()
	for i := 0; i < n; i++ {
		cur, next = next, cur
	}
	return cur
}

type bufList []*bytes.Buffer

// listed converts its named result into a local whose address it lends,
// then returns the local through the named result, with a deferred call
// in between: the two variables store each other's value (this once
// recursed forever). Nothing pooled is returned.
func listed(decode func(*bufList) error) (out []*bytes.Buffer, err error) {
	b := rotatePool.Get().(*bytes.Buffer)
	defer rotatePool.Put(b)
	held := bufList(out)
	err = decode(&held)
	return held, err
}
