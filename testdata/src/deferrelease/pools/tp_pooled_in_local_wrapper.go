package pools

import (
	"bufio"
	"bytes"
	"io"
)

// A pooled buffer wrapped in a local bufio.Writer is still this
// function's to give back: the wrapper goes nowhere.

type httpWriter interface {
	Write(w *bufio.Writer) error
}

func renderString(hw httpWriter) string {
	w := bufPool.Get().(*bytes.Buffer) // want `deferrelease: w from bufPool.Get is not put back on the path returning at tp_pooled_in_local_wrapper.go:20`
	bw := bufio.NewWriter(w)
	if err := hw.Write(bw); err != nil {
		return err.Error()
	}
	if err := bw.Flush(); err != nil {
		return err.Error()
	}
	s := w.String()
	bufPool.Put(w)
	return s
}

// Fixed: put back on every path.
func renderStringPut(hw httpWriter) string {
	w := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(w)
	bw := bufio.NewWriter(w)
	if err := hw.Write(bw); err != nil {
		return err.Error()
	}
	if err := bw.Flush(); err != nil {
		return err.Error()
	}
	return w.String()
}

// The wrapper is handed to the caller, and the pooled buffer with it.
type stream struct{ out *bufio.Writer }

func newStream() *stream {
	w := bufPool.Get().(*bytes.Buffer)
	return &stream{out: bufio.NewWriter(w)}
}

// Read into a wrapper over a pooled reader's buffer: io.Reader does not
// keep it.
func copyThroughBuffered(r io.Reader) (int64, error) {
	w := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(w)
	br := bufio.NewReader(r)
	return br.WriteTo(w)
}
