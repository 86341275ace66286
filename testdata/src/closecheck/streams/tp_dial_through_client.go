package streams

import (
	"context"
	"errors"
	"fmt"
	"net"

	"google.golang.org/grpc"
)

// A client that dials extra connections with options capturing itself:
// each connection still belongs to whoever asked for it.

type endpointClient struct {
	ctx   context.Context
	token string
}

func (c *endpointClient) Close() error { return nil }

func (c *endpointClient) dialer(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// Interceptors and dialers are found again by the client's address.
var clientsByAddr = map[string]*endpointClient{}

func (c *endpointClient) dialOptions() []grpc.DialOption {
	clientsByAddr[fmt.Sprintf("%p", c)] = c
	return []grpc.DialOption{grpc.WithContextDialer(c.dialer)}
}

func (c *endpointClient) dialEndpoint(ep string) (*grpc.ClientConn, error) {
	return grpc.DialContext(c.ctx, ep, c.dialOptions()...)
}

func (c *endpointClient) fetchToken(ctx context.Context) error {
	if c.token == "" {
		return errors.New("no credentials")
	}
	return ctx.Err()
}

// The token error returns with the connection open.
func (c *endpointClient) maintenanceConn(ep string) (*grpc.ClientConn, error) {
	conn, err := c.dialEndpoint(ep) // want `closecheck: conn \(from dialEndpoint\) is not closed on the path returning at tp_dial_through_client.go:53`
	if err != nil {
		return nil, err
	}
	if err := c.fetchToken(c.ctx); err != nil {
		return nil, err
	}
	return conn, nil
}

// Fixed: closed on the token error.
func (c *endpointClient) maintenanceConnClosed(ep string) (*grpc.ClientConn, error) {
	conn, err := c.dialEndpoint(ep)
	if err != nil {
		return nil, err
	}
	if err := c.fetchToken(c.ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
