// Package pools holds deferrelease cases about pooled buffers.
package pools

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// The buffer is put back on success only: the error return loses it.
func encode(w io.Writer, v any) error {
	b := bufPool.Get().(*bytes.Buffer) // want `deferrelease: b from bufPool.Get is not put back on the path returning at tp_syncpool_error_return.go:18 \(add defer bufPool.Put\(b\) after line 15\)`
	b.Reset()
	if err := json.NewEncoder(b).Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	bufPool.Put(b)
	return err
}
