package streams

import (
	"context"
	"log"

	"example.com/echopb"
	"google.golang.org/grpc"
)

// Streams finished in ways a path walk does not see directly. Found on
// grpc itself (interop tests, Invoke over a balancer's sub-connection, the
// grpclb remote balancer).

// err.Error() runs only when the receive failed (a nil error would panic):
// the stream is finished there.
func recvExpectedError(ctx context.Context, client echopb.EchoClient, want string) {
	s, err := client.Watch(ctx, &echopb.Request{})
	if err != nil {
		log.Fatalf("Watch: %v", err)
	}
	if err := s.CloseSend(); err != nil {
		log.Fatalf("CloseSend: %v", err)
	}
	if _, err = s.Recv(); err.Error() != want {
		log.Fatalf("Recv: %v, want %v", err, want)
	}
}

// A descriptor that does not stream server responses: the first RecvMsg
// ends the RPC, whatever it returns.
var unaryStreamDesc = &grpc.StreamDesc{ServerStreams: false, ClientStreams: false}

func invoke(ctx context.Context, cc *grpc.ClientConn, method string, req, reply any) error {
	cs, err := cc.NewStream(ctx, unaryStreamDesc, method)
	if err != nil {
		return err
	}
	if err := cs.SendMsg(req); err != nil {
		return err
	}
	return cs.RecvMsg(reply)
}

func invokeLocalDesc(ctx context.Context, cc *grpc.ClientConn, method string, req, reply any) error {
	cs, err := cc.NewStream(ctx, &grpc.StreamDesc{}, method)
	if err != nil {
		return err
	}
	if err := cs.SendMsg(req); err != nil {
		return err
	}
	return cs.RecvMsg(reply)
}

// The only caller cancels the context it passes as soon as the call
// returns: the stream ends with it.
type remoteBalancer struct{ client echopb.EchoClient }

func (b *remoteBalancer) watch(ctx context.Context) {
	for ctx.Err() == nil {
		callCtx, cancel := context.WithCancel(ctx)
		if err := b.callRemoteBalancer(callCtx); err != nil {
			log.Print(err)
		}
		cancel()
	}
}

func (b *remoteBalancer) callRemoteBalancer(ctx context.Context) error {
	s, err := b.client.Watch(ctx, &echopb.Request{})
	if err != nil {
		return err
	}
	if _, err := s.Recv(); err != nil {
		return err
	}
	return nil // the caller's cancel ends the stream
}
