// Package grpc is a stub of google.golang.org/grpc with the real import
// path and signatures of the parts leaklint's fixtures use.
package grpc

import (
	"context"
	"errors"
	"net"

	"google.golang.org/grpc/metadata"
)

// DialOption configures how we set up the connection.
type DialOption interface{ apply(*dialOptions) }

type dialOptions struct {
	block  bool
	dialer func(context.Context, string) (net.Conn, error)
}

type funcDialOption func(*dialOptions)

func (f funcDialOption) apply(d *dialOptions) { f(d) }

// WithContextDialer returns a DialOption that dials with f.
func WithContextDialer(f func(context.Context, string) (net.Conn, error)) DialOption {
	return funcDialOption(func(d *dialOptions) { d.dialer = f })
}

// CallOption configures a Call before it starts.
type CallOption interface{ before() error }

// ClientConn represents a virtual connection to a conceptual endpoint.
type ClientConn struct {
	target string
	dopts  []DialOption
	ctx    context.Context
	cancel context.CancelFunc
}

// NewClient creates a new gRPC channel for the target.
func NewClient(target string, opts ...DialOption) (*ClientConn, error) {
	if target == "" {
		return nil, errors.New("empty target")
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &ClientConn{target: target, dopts: opts, ctx: ctx, cancel: cancel}, nil
}

// Dial calls DialContext(context.Background(), target, opts...).
func Dial(target string, opts ...DialOption) (*ClientConn, error) {
	return DialContext(context.Background(), target, opts...)
}

// DialContext creates a client connection to the given target.
func DialContext(ctx context.Context, target string, opts ...DialOption) (conn *ClientConn, err error) {
	cc, err := NewClient(target, opts...)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			cc.Close()
		}
	}()
	if err = ctx.Err(); err != nil {
		return nil, err
	}
	return cc, nil
}

// Close tears down the ClientConn and all underlying connections.
func (cc *ClientConn) Close() error {
	cc.cancel()
	return nil
}

// Target returns the target string of the ClientConn.
func (cc *ClientConn) Target() string { return cc.target }

// Invoke sends the RPC request on the wire and returns after response is received.
func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return ctx.Err()
}

// NewStream creates a new Stream for the client side.
func (cc *ClientConn) NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &clientStream{ctx: ctx, method: method}, nil
}

// ClientConnInterface defines the functions clients need to perform unary
// and streaming RPCs.
type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error
	NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error)
}

// StreamDesc represents a streaming RPC service's method specification.
type StreamDesc struct {
	StreamName    string
	ServerStreams bool
	ClientStreams bool
}

// ClientStream defines the client-side behavior of a streaming RPC.
type ClientStream interface {
	Header() (metadata.MD, error)
	Trailer() metadata.MD
	CloseSend() error
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

type clientStream struct {
	ctx    context.Context
	method string
	sent   bool
}

func (cs *clientStream) Header() (metadata.MD, error) { return nil, nil }
func (cs *clientStream) Trailer() metadata.MD         { return nil }
func (cs *clientStream) CloseSend() error             { cs.sent = true; return nil }
func (cs *clientStream) Context() context.Context     { return cs.ctx }
func (cs *clientStream) SendMsg(m any) error          { return cs.ctx.Err() }
func (cs *clientStream) RecvMsg(m any) error          { return cs.ctx.Err() }

// ServerStreamingClient represents the client side of a server-streaming RPC.
type ServerStreamingClient[Res any] interface {
	Recv() (*Res, error)
	ClientStream
}

// ClientStreamingClient represents the client side of a client-streaming RPC.
type ClientStreamingClient[Req any, Res any] interface {
	Send(*Req) error
	CloseAndRecv() (*Res, error)
	ClientStream
}

// BidiStreamingClient represents the client side of a bidirectional-streaming RPC.
type BidiStreamingClient[Req any, Res any] interface {
	Send(*Req) error
	Recv() (*Res, error)
	ClientStream
}

// GenericClientStream implements the streaming client interfaces; generated
// code wraps the ClientStream returned by NewStream in it.
type GenericClientStream[Req any, Res any] struct {
	ClientStream
}

// Send pushes one message into the stream of requests.
func (x *GenericClientStream[Req, Res]) Send(m *Req) error { return x.ClientStream.SendMsg(m) }

// Recv reads one message from the stream of responses.
func (x *GenericClientStream[Req, Res]) Recv() (*Res, error) {
	m := new(Res)
	if err := x.ClientStream.RecvMsg(m); err != nil {
		return nil, err
	}
	return m, nil
}

// CloseAndRecv closes the sending side and reads the single response.
func (x *GenericClientStream[Req, Res]) CloseAndRecv() (*Res, error) {
	if err := x.ClientStream.CloseSend(); err != nil {
		return nil, err
	}
	m := new(Res)
	if err := x.ClientStream.RecvMsg(m); err != nil {
		return nil, err
	}
	return m, nil
}
