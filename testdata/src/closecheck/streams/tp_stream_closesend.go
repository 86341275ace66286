package streams

import (
	"context"

	"example.com/echopb"
	"google.golang.org/grpc"
)

// CloseSend only half-closes: the stream stays open until its context is
// cancelled or a receive returns an error.
func firstReplyOnly(ctx context.Context, client echopb.EchoClient) (*echopb.Response, error) {
	s, err := client.Watch(ctx, &echopb.Request{}) // want `closecheck: stream s \(from Watch\) is not released on the path returning at tp_stream_closesend.go:1[89]; CloseSend does not release a stream: cancel its context, receive until a non-nil error, or close its connection`
	if err != nil {
		return nil, err
	}
	defer s.CloseSend()
	p, _ := s.Recv()
	return p, nil
}

// A raw stream from NewStream, sent to and dropped.
func rawStreamDropped(ctx context.Context, cc *grpc.ClientConn) error {
	desc := &grpc.StreamDesc{StreamName: "Watch", ServerStreams: true}
	s, err := cc.NewStream(ctx, desc, "/echo.Echo/Watch") // want `closecheck: stream s \(from grpc.ClientConn.NewStream\) is not released on the path returning at tp_stream_closesend.go:32`
	if err != nil {
		return err
	}
	if err := s.SendMsg(&echopb.Request{}); err != nil {
		return err
	}
	return s.CloseSend()
}
