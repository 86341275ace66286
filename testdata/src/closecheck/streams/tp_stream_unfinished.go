package streams

import (
	"context"
	"log"

	"example.com/echopb"
	"google.golang.org/grpc"
)

// The counterparts of tn_stream_finished.go that do leak.

// A server-streaming descriptor: one RecvMsg does not end the RPC.
var watchStreamDesc = &grpc.StreamDesc{ServerStreams: true}

func firstOfWatch(ctx context.Context, cc *grpc.ClientConn, reply any) error {
	cs, err := cc.NewStream(ctx, watchStreamDesc, "/echo.Echo/Watch") // want `closecheck: stream cs \(from grpc.ClientConn.NewStream\) is not released on the path returning at tp_stream_unfinished.go:\d+`
	if err != nil {
		return err
	}
	return cs.RecvMsg(reply)
}

// The caller passes a context nobody cancels: every call leaves a stream.
type poller struct{ client echopb.EchoClient }

func (p *poller) run(ctx context.Context) {
	for ctx.Err() == nil {
		if err := p.pollOnce(ctx); err != nil {
			log.Print(err)
		}
	}
}

func (p *poller) pollOnce(ctx context.Context) error {
	s, err := p.client.Watch(ctx, &echopb.Request{}) // want `closecheck: stream s \(from Watch\) is not released on the path returning at tp_stream_unfinished.go:\d+; cancel its context \(defer cancel\(\)\), receive until a non-nil error, or close its connection`
	if err != nil {
		return err
	}
	if _, err := s.Recv(); err != nil {
		return err
	}
	return nil
}
