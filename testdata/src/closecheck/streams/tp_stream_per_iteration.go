package streams

import (
	"context"

	"example.com/echopb"
	"google.golang.org/grpc"
)

// A stream opened on each iteration, on a context cancelled only when the
// function returns: every iteration's stream but the last stays open for
// as long as the loop runs.
func firstOfEach(ctx context.Context, client echopb.EchoClient, ids []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range ids {
		s, err := client.Watch(ctx, &echopb.Request{}) // want `closecheck: stream s \(from Watch\) is not released before the loop reaches Watch again`
		if err != nil {
			return err
		}
		if _, err := s.Recv(); err != nil {
			return err
		}
	}
	return nil
}

// Fixed: each iteration's stream has its own context, cancelled before
// the next one.
func firstOfEachCancelled(ctx context.Context, client echopb.EchoClient, ids []string) error {
	for range ids {
		if err := firstOfOne(ctx, client); err != nil {
			return err
		}
	}
	return nil
}

func firstOfOne(ctx context.Context, client echopb.EchoClient) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return err
	}
	_, err = s.Recv()
	return err
}

// Fixed the other way: each stream is received until it ends.
func drainEach(ctx context.Context, client echopb.EchoClient, ids []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range ids {
		s, err := client.Watch(ctx, &echopb.Request{})
		if err != nil {
			return err
		}
		for {
			if _, err := s.Recv(); err != nil {
				break
			}
		}
	}
	return nil
}

// A connection dialled, then a stream on it that fails: the connection
// is lost on the stream's error return.
var pingDesc = &grpc.StreamDesc{ServerStreams: true}

func openPing(ctx context.Context, target string) (grpc.ClientStream, *grpc.ClientConn, error) {
	cc, err := grpc.DialContext(ctx, target) // want `closecheck: cc \(from grpc.DialContext\) is not closed on the path returning at tp_stream_per_iteration.go:79`
	if err != nil {
		return nil, nil, err
	}
	st, err := cc.NewStream(ctx, pingDesc, "/echo.Echo/Ping")
	if err != nil {
		return nil, nil, err
	}
	return st, cc, nil
}

// Fixed: closed when the stream cannot be opened.
func openPingClosed(ctx context.Context, target string) (grpc.ClientStream, *grpc.ClientConn, error) {
	cc, err := grpc.DialContext(ctx, target)
	if err != nil {
		return nil, nil, err
	}
	st, err := cc.NewStream(ctx, pingDesc, "/echo.Echo/Ping")
	if err != nil {
		cc.Close()
		return nil, nil, err
	}
	return st, cc, nil
}
