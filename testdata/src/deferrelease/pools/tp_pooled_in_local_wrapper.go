package pools

import (
	"bufio"
	"bytes"
	"io"
	"sync"
)

// A pooled buffer wrapped in a local bufio.Writer is still this
// function's to give back: the wrapper goes nowhere.

type httpWriter interface {
	Write(w *bufio.Writer) error
}

func renderString(hw httpWriter) string {
	w := bufPool.Get().(*bytes.Buffer) // want `deferrelease: w from bufPool.Get is not put back on the path returning at tp_pooled_in_local_wrapper.go:21`
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

// A local counting writer over a pooled bufio.Writer carries it: the
// error returns still lose the pooled writer.
var bufioWriterPool = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

func newCountWriter(w io.Writer) *countWriter { return &countWriter{w: w} }

func writeSegments(out io.Writer, segs [][]byte) (int, error) {
	br := bufioWriterPool.Get().(*bufio.Writer) // want `deferrelease: br from bufioWriterPool.Get is not put back on the path returning at tp_pooled_in_local_wrapper.go:\d+`
	br.Reset(out)
	cw := newCountWriter(br)
	for _, s := range segs {
		if _, err := cw.Write(s); err != nil {
			return 0, err
		}
	}
	if err := br.Flush(); err != nil {
		return 0, err
	}
	bufioWriterPool.Put(br)
	return cw.n, nil
}

// Fixed: put back on every path.
func writeSegmentsPut(out io.Writer, segs [][]byte) (int, error) {
	br := bufioWriterPool.Get().(*bufio.Writer)
	defer bufioWriterPool.Put(br)
	br.Reset(out)
	cw := newCountWriter(br)
	for _, s := range segs {
		if _, err := cw.Write(s); err != nil {
			return 0, err
		}
	}
	return cw.n, br.Flush()
}
