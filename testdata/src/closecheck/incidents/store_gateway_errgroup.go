package incidents

// Incident 3: per-block clients created inside errgroup closures, never
// closed on any path.

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type blockClient struct {
	id     int
	closed bool
}

func newBlockClient(ctx context.Context, id int) (*blockClient, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &blockClient{id: id}, nil
}

func (c *blockClient) Fetch(ctx context.Context) error { return ctx.Err() }
func (c *blockClient) Close() error                    { c.closed = true; return nil }

func fetchAll(ctx context.Context, blocks []int) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, id := range blocks {
		g.Go(func() error {
			c, err := newBlockClient(gctx, id) // want `closecheck: c \(from newBlockClient\) is not closed on the path returning at store_gateway_errgroup.go:\d+; add "defer c.Close\(\)" after the error check`
			if err != nil {
				return err
			}
			return c.Fetch(gctx)
		})
	}
	return g.Wait()
}

func fetchAllFixed(ctx context.Context, blocks []int) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, id := range blocks {
		g.Go(func() error {
			c, err := newBlockClient(gctx, id)
			if err != nil {
				return err
			}
			defer c.Close()
			return c.Fetch(gctx)
		})
	}
	return g.Wait()
}
