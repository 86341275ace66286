package streams

import (
	"context"
	"errors"
	"io"

	"example.com/echopb"
	"google.golang.org/grpc"
)

// Drained to io.EOF: the stream is finished on every exit.
func drainedToEOF(ctx context.Context, client echopb.EchoClient) ([]*echopb.Response, error) {
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return nil, err
	}
	var out []*echopb.Response
	for {
		p, err := s.Recv()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
}

// Drained with errors.Is and a break.
func drainedWithErrorsIs(ctx context.Context, client echopb.EchoClient) int {
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return 0
	}
	n := 0
	for {
		_, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n
		}
		n++
	}
	return n
}

// The stream's context is cancelled by defer.
func cancelledByDefer(ctx context.Context, client echopb.EchoClient) (*echopb.Response, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return nil, err
	}
	return s.Recv()
}

// A timeout context cancelled inside a deferred closure.
func cancelledInDeferredClosure(ctx context.Context, client echopb.EchoClient) error {
	ctx, cancel := context.WithTimeout(ctx, 0)
	defer func() { cancel() }()
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return err
	}
	_, err = s.Recv()
	return err
}

// Its connection is closed by defer.
func connClosed(ctx context.Context, target string) error {
	cc, err := grpc.NewClient(target)
	if err != nil {
		return err
	}
	defer cc.Close()
	s, err := echopb.NewEchoClient(cc).Watch(ctx, &echopb.Request{})
	if err != nil {
		return err
	}
	_, err = s.Recv()
	return err
}

// A client stream finished with CloseAndRecv.
func closeAndRecv(ctx context.Context, client echopb.EchoClient, reqs []*echopb.Request) (*echopb.Response, error) {
	s, err := client.Upload(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range reqs {
		if err := s.Send(r); err != nil {
			return nil, err // grpc finishes the stream on a send error (but io.EOF)
		}
	}
	return s.CloseAndRecv()
}

// Handed to the caller.
func returnedStream(ctx context.Context, client echopb.EchoClient) (grpc.ServerStreamingClient[echopb.Response], error) {
	return client.Watch(ctx, &echopb.Request{})
}

// Captured by a closure that is returned: the caller now holds the stream
// through the closure.
func streamInReturnedClosure(ctx context.Context, client echopb.EchoClient) (func() (*echopb.Response, error), error) {
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return nil, err
	}
	return func() (*echopb.Response, error) { return s.Recv() }, nil
}

// The context is derived from a cancellable one through a helper: the
// deferred cancel of the parent releases the stream.
func withToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, tokenKey{}, token)
}

type tokenKey struct{}

func cancelledThroughDerivedContext(ctx context.Context, client echopb.EchoClient) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s, err := client.Watch(withToken(ctx, "t"), &echopb.Request{})
	if err != nil {
		return err
	}
	_, err = s.Recv()
	if err != nil {
		return err
	}
	return nil
}

// The cancel function is kept by a struct whose owner calls it.
type call struct {
	cancel context.CancelFunc
	stream grpc.ServerStreamingClient[echopb.Response]
}

func (c *call) stop() { c.cancel() }

func cancelKeptByOwner(ctx context.Context, client echopb.EchoClient, c *call) error {
	ctx, cancel := context.WithCancel(ctx)
	c.cancel = cancel
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return err
	}
	_, err = s.Recv()
	if err != nil {
		return err
	}
	return nil
}
