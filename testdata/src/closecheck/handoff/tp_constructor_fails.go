package handoff

import (
	"context"
	"errors"
	"net"
)

// A generated client wraps the connection; the store wraps the client
// and owns it through its Close. A store whose construction fails keeps
// nothing: the caller still holds the connection on that branch.
type svcClient struct{ cc net.Conn }

func newSvcClient(cc net.Conn) *svcClient { return &svcClient{cc} }

type remoteStore struct{ client *svcClient }

func (s *remoteStore) ping(ctx context.Context) error { return errors.New("unreachable") }

func (s *remoteStore) Close() error { return s.client.cc.Close() }

func newRemoteStore(ctx context.Context, c *svcClient) (*remoteStore, error) {
	s := &remoteStore{client: c}
	if err := s.ping(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func openStore(ctx context.Context, addr string) (*remoteStore, error) {
	conn, err := net.Dial("tcp", addr) // want `closecheck: conn \(from net.Dial\) is not closed on the path returning at tp_constructor_fails.go:37; close it on that path too`
	if err != nil {
		return nil, err
	}
	s, err := newRemoteStore(ctx, newSvcClient(conn))
	if err != nil {
		return nil, err
	}
	return s, nil
}

// The fixed twin closes the connection when the store fails.
func openStoreFixed(ctx context.Context, addr string) (*remoteStore, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	s, err := newRemoteStore(ctx, newSvcClient(conn))
	if err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

// The error goes back with the store: the caller cannot tell, and
// nothing is reported.
func openStoreReturned(ctx context.Context, addr string) (*remoteStore, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return newRemoteStore(ctx, newSvcClient(conn))
}
