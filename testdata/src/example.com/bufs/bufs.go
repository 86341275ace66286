// Package bufs wraps a sync.Pool in a getBuf/putBuf pair: the pairing
// reaches callers in other packages through facts.
package bufs

import (
	"bytes"
	"sync"
)

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Get takes a buffer from the pool.
func Get() *bytes.Buffer {
	b := pool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// Release puts a buffer back.
func Release(b *bytes.Buffer) { pool.Put(b) }
