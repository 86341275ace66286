package wrappers

import (
	"context"
	"errors"
	"io"
	"sync"
)

// A wrapper over a closer it was lent is a view of that closer, except
// when its constructor also starts something of its own: a goroutine, a
// context to cancel. Then only the wrapper's Close stops it, and whoever
// made the wrapper must close it.

type client struct{ ctx context.Context }

func (c *client) Close() error { return nil }

func (c *client) keepAlive(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		<-ctx.Done()
	}()
	return ch
}

type session struct {
	client *client
	cancel context.CancelFunc
	donec  <-chan struct{}
}

func (s *session) Close() error {
	s.cancel()
	<-s.donec
	return nil
}

func newSession(c *client) (*session, error) {
	ctx, cancel := context.WithCancel(c.ctx)
	return &session{client: c, cancel: cancel, donec: c.keepAlive(ctx)}, nil
}

func register(c *client, addr string) (*session, error) {
	ss, err := newSession(c) // want `closecheck: ss \(from newSession\) is not closed on the path returning at tp_active_wrapper.go:51`
	if err != nil {
		return nil, err
	}
	if addr == "" {
		return nil, errors.New("no address")
	}
	return ss, nil
}

// Fixed: closed on the error return.
func registerClosed(c *client, addr string) (*session, error) {
	ss, err := newSession(c)
	if err != nil {
		return nil, err
	}
	if addr == "" {
		ss.Close()
		return nil, errors.New("no address")
	}
	return ss, nil
}

// A writer over a file it is lent, with a write queue running in a
// goroutine of its own.
type queue struct{ tasks chan []byte }

func newQueue() *queue {
	q := &queue{tasks: make(chan []byte)}
	go q.run()
	return q
}

func (q *queue) run() {
	for range q.tasks {
	}
}

type tableWriter struct {
	out   io.WriteCloser
	queue *queue
}

func (w *tableWriter) Close() error {
	close(w.queue.tasks)
	return w.out.Close()
}

func newTableWriter(out io.WriteCloser) *tableWriter {
	w := &tableWriter{out: out}
	w.queue = newQueue()
	return w
}

func rewrite(out io.WriteCloser, keys [][]byte) error {
	w := newTableWriter(out) // want `closecheck: w \(from newTableWriter\) is not closed on the path returning at tp_active_wrapper.go:104`
	for _, k := range keys {
		if len(k) == 0 {
			return errors.New("empty key")
		}
	}
	return w.Close()
}

// Fixed: closed on every path.
func rewriteClosed(out io.WriteCloser, keys [][]byte) error {
	w := newTableWriter(out)
	defer w.Close()
	for _, k := range keys {
		if len(k) == 0 {
			return errors.New("empty key")
		}
	}
	return nil
}

// A view with nothing of its own: the caller closes what it lent.
type plainWriter struct{ out io.WriteCloser }

func (w *plainWriter) Close() error { return w.out.Close() }

func newPlainWriter(out io.WriteCloser) *plainWriter { return &plainWriter{out: out} }

func writeView(out io.WriteCloser, keys [][]byte) error {
	w := newPlainWriter(out)
	for _, k := range keys {
		if len(k) == 0 {
			return errors.New("empty key")
		}
	}
	return w.Close()
}

// A reader that took a count on its block: the block waits for every
// reader's Close before it goes away.
type block struct {
	pending sync.WaitGroup
	data    []byte
}

func (b *block) Close() error {
	b.pending.Wait()
	return nil
}

type blockReader struct{ b *block }

func (r *blockReader) Close() error {
	r.b.pending.Done()
	return nil
}

func (b *block) reader() *blockReader {
	b.pending.Add(1)
	return &blockReader{b: b}
}

// A client over a fresh reader of the block.
type seriesClient struct {
	indexr *blockReader
	limit  int
}

func (c *seriesClient) Close() error { return c.indexr.Close() }

// It also serves as a gRPC client stream in process; its own Close, not
// a receive or a cancel, is what releases it.
func (c *seriesClient) CloseSend() error    { return nil }
func (c *seriesClient) RecvMsg(m any) error { return nil }

func newSeriesClient(b *block, limit int) *seriesClient {
	return &seriesClient{indexr: b.reader(), limit: limit}
}

func labelNames(b *block, limit int) error {
	c := newSeriesClient(b, limit) // want `closecheck: c \(from newSeriesClient\) is not closed on the path returning at tp_active_wrapper.go:\d+`
	if limit < 0 {
		return errors.New("bad limit")
	}
	return c.Close()
}

// Fixed: closed when the function returns.
func labelNamesClosed(b *block, limit int) error {
	c := newSeriesClient(b, limit)
	defer c.Close()
	if limit < 0 {
		return errors.New("bad limit")
	}
	return nil
}
