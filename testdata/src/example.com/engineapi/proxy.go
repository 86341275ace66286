// Package engineapi is shaped like a storage manager's engine client proxy:
// a client that wraps a gRPC connection and must be closed.
package engineapi

import (
	"context"

	"google.golang.org/grpc"
)

// Proxy talks to an engine's instance manager over gRPC.
type Proxy struct {
	conn *grpc.ClientConn
	addr string
}

// NewEngineClientProxy dials the instance manager at addr.
func NewEngineClientProxy(addr string) (*Proxy, error) {
	conn, err := grpc.NewClient(addr)
	if err != nil {
		return nil, err
	}
	return &Proxy{conn: conn, addr: addr}, nil
}

// Close closes the underlying connection.
func (p *Proxy) Close() error { return p.conn.Close() }

// SnapshotGet returns the named snapshot's readiness.
func (p *Proxy) SnapshotGet(ctx context.Context, name string) (ready bool, err error) {
	err = p.conn.Invoke(ctx, "/engine/SnapshotGet", name, &ready)
	return ready, err
}

// SnapshotBackup starts a backup of the snapshot.
func (p *Proxy) SnapshotBackup(ctx context.Context, name string) error {
	return p.conn.Invoke(ctx, "/engine/SnapshotBackup", name, nil)
}
