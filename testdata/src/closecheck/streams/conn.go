// Package streams holds closecheck cases about gRPC connections and client
// streams.
package streams

import (
	"context"

	"google.golang.org/grpc"
)

func dialLeaksOnError(ctx context.Context, target string) error {
	conn, err := grpc.NewClient(target) // want `closecheck: conn \(from grpc.NewClient\) is not closed on the path returning at conn.go:17; add "defer conn.Close\(\)" after the error check`
	if err != nil {
		return err
	}
	if err := conn.Invoke(ctx, "/svc/Ping", nil, nil); err != nil {
		return err
	}
	return conn.Close()
}

func dialContextDoesNotClose(ctx context.Context, target string) error {
	// The context passed to DialContext does not close the connection.
	conn, err := grpc.DialContext(ctx, target) // want `closecheck: conn \(from grpc.DialContext\) is not closed on the path returning at conn.go:28`
	if err != nil {
		return err
	}
	return conn.Invoke(ctx, "/svc/Ping", nil, nil)
}

func dialDeferClose(ctx context.Context, target string) error {
	conn, err := grpc.Dial(target)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Invoke(ctx, "/svc/Ping", nil, nil)
}
