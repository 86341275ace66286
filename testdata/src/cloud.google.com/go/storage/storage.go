// Package storage is a stand-in for Google Cloud Storage's client: a
// Writer's Close commits the object; an upload is abandoned by cancelling
// the context given to NewWriter.
package storage

import (
	"context"
	"io"
)

// ObjectHandle names an object.
type ObjectHandle struct{ name string }

// Writer uploads an object.
type Writer struct {
	ctx    context.Context
	o      *ObjectHandle
	opened bool
	pw     *io.PipeWriter
	donec  chan struct{}
	err    error
}

// NewWriter returns a writer; the upload starts with the first Write and
// lives until Close or until ctx is done.
func (o *ObjectHandle) NewWriter(ctx context.Context) *Writer {
	return &Writer{ctx: ctx, o: o}
}

func (w *Writer) open() {
	pr, pw := io.Pipe()
	w.pw, w.donec, w.opened = pw, make(chan struct{}), true
	go func() {
		defer close(w.donec)
		_, w.err = io.Copy(io.Discard, pr)
	}()
}

func (w *Writer) Write(p []byte) (int, error) {
	if !w.opened {
		w.open()
	}
	return w.pw.Write(p)
}

// Close commits the object.
func (w *Writer) Close() error {
	if !w.opened {
		w.open()
	}
	if err := w.pw.Close(); err != nil {
		return err
	}
	<-w.donec
	return w.err
}
