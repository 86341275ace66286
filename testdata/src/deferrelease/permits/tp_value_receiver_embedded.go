package permits

import (
	"context"
	"errors"

	"golang.org/x/sync/semaphore"
)

// A semaphore embedded in a fetcher passed by value: each r.Acquire and
// r.Release reads the embedded field anew, and they are the same permit.
type byValueFetcher struct {
	*semaphore.Weighted
	name string
}

var errFetch = errors.New("fetch failed")

func fetchOne(ctx context.Context) error { return ctx.Err() }

// The error branch releases; the other returns hand the permit to the
// closure the caller runs when done.
func (r byValueFetcher) open(ctx context.Context) (func(), error) {
	if err := r.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	if err := fetchOne(ctx); err != nil {
		r.Release(1)
		return nil, errFetch
	}
	return func() { r.Release(1) }, nil
}

// The same with a return that forgets it.
func (r byValueFetcher) openLeaky(ctx context.Context, strict bool) (func(), error) {
	if err := r.Acquire(ctx, 1); err != nil { // want `deferrelease: the permit from r.Acquire is not released on the path returning at tp_value_receiver_embedded.go:44`
		return nil, err
	}
	if err := fetchOne(ctx); err != nil {
		r.Release(1)
		return nil, errFetch
	}
	if strict && r.name == "" {
		return nil, errFetch
	}
	return func() { r.Release(1) }, nil
}
