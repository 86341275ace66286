package pools

import "bytes"

// Put back, then read: the buffer may already be another caller's.
func render(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	bufPool.Put(b)
	return b.String() // want `deferrelease: b is used after it was put back at tp_use_after_put.go:10; it may already belong to another caller`
}
