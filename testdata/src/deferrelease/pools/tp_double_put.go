package pools

import "bytes"

// Put back on the error branch, then again after it.
func writeTwice(s string) error {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	if _, err := b.WriteString(s); err != nil {
		bufPool.Put(b)
	}
	bufPool.Put(b) // want `deferrelease: b from bufPool.Get is put back twice on one path: here and at tp_double_put.go:10`
	return nil
}

// A deferred Put and an explicit one: both run.
func deferAndPut(s string) {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b)
	b.WriteString(s)
	bufPool.Put(b) // want `deferrelease: b from bufPool.Get is put back twice on one path: here and by the defer at tp_double_put.go:19 when the function returns`
}
