package streams

import (
	"context"
	"errors"

	"example.com/echopb"
	"google.golang.org/grpc"
)

// A stream opened by a helper is the caller's, as if the caller had
// called the generated method itself.

type syncClient struct {
	ctx    context.Context // lives as long as the client
	client echopb.EchoClient
}

func (c *syncClient) openWatch() (grpc.ServerStreamingClient[echopb.Response], error) {
	return c.client.Watch(c.ctx, &echopb.Request{})
}

// A handler error returns with the stream still open on the client's
// long-lived context; the retry opens another.
func (c *syncClient) syncOnce(handle func(*echopb.Response) error) error {
	stream, err := c.openWatch() // want `closecheck: stream stream \(from openWatch\) is not released on the path returning at tp_stream_from_helper.go:36; cancel its context`
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if err != nil {
			return err
		}
		if err := handle(msg); err != nil {
			return errors.Join(errors.New("handler"), err)
		}
	}
}

func (c *syncClient) openWatchCtx(ctx context.Context) (grpc.ServerStreamingClient[echopb.Response], error) {
	return c.client.Watch(ctx, &echopb.Request{})
}

// Fixed: the stream's context is cancelled when the attempt returns.
func (c *syncClient) syncOnceCancelled(handle func(*echopb.Response) error) error {
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	stream, err := c.openWatchCtx(ctx)
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if err != nil {
			return err
		}
		if err := handle(msg); err != nil {
			return err
		}
	}
}

// Fixed the other way: received until the stream's own error.
func (c *syncClient) syncDrained(handle func(*echopb.Response) error) error {
	stream, err := c.openWatch()
	if err != nil {
		return err
	}
	var handleErr error
	for {
		msg, err := stream.Recv()
		if err != nil {
			return errors.Join(handleErr, err)
		}
		if handleErr == nil {
			handleErr = handle(msg)
		}
	}
}

// A helper returning the stream with the cancel of its context: the
// caller's deferred cancel releases the stream.
func (c *syncClient) openForward() (grpc.ServerStreamingClient[echopb.Response], context.CancelFunc, error) {
	ctx, cancel := context.WithCancel(c.ctx)
	s, err := c.client.Watch(ctx, &echopb.Request{})
	return s, cancel, err
}

func (c *syncClient) forward(handle func(*echopb.Response) error) error {
	var cancel context.CancelFunc
	defer func() {
		if cancel != nil {
			cancel()
		}
	}()
	var stream grpc.ServerStreamingClient[echopb.Response]
	var err error
	stream, cancel, err = c.openForward()
	if err != nil {
		return err
	}
	msg, err := stream.Recv()
	if err != nil {
		return err
	}
	return handle(msg)
}

// The cancel kept in a variable that also takes back its old value: each
// value of the variable is followed once.
func (c *syncClient) forwardRetry(tries int) error {
	var cancel context.CancelFunc
	defer func() {
		if cancel != nil {
			cancel()
		}
	}()
	for range tries {
		old := cancel
		stream, next, err := c.openForward()
		if err != nil {
			cancel = old
			continue
		}
		if old != nil {
			old()
		}
		cancel = next
		if _, err := stream.Recv(); err == nil {
			return nil
		}
	}
	return errors.New("no stream")
}

// A forward stream reopened when the target changes, the old one
// cancelled first, the last one cancelled by the deferred closure.
func (c *syncClient) forwardAll(targets []string, handle func(*echopb.Response) error) error {
	var (
		stream grpc.ServerStreamingClient[echopb.Response]
		cancel context.CancelFunc
		last   string
	)
	defer func() {
		if cancel != nil {
			cancel()
		}
	}()
	for _, t := range targets {
		if stream == nil || t != last {
			if cancel != nil {
				cancel()
			}
			var err error
			stream, cancel, err = c.openForward()
			if err != nil {
				return err
			}
			last = t
		}
		msg, err := stream.Recv()
		if err != nil {
			return err
		}
		if err := handle(msg); err != nil {
			return err
		}
	}
	return nil
}
