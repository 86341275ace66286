// Package permits holds deferrelease cases about semaphores.
package permits

import (
	"context"
	"errors"

	"golang.org/x/sync/semaphore"
)

type fetcher struct {
	sem *semaphore.Weighted
}

var errBadKey = errors.New("bad key")

func validate(key string) error {
	if key == "" {
		return errBadKey
	}
	return nil
}

// The permit is lost when validation fails.
func (f *fetcher) fetch(ctx context.Context, key string) error {
	if err := f.sem.Acquire(ctx, 1); err != nil { // want `deferrelease: the permit from f.sem.Acquire is not released on the path returning at permits.go:30 \(add defer f.sem.Release\(1\) after line 28\)`
		return err
	}
	if err := validate(key); err != nil {
		return err
	}
	f.sem.Release(1)
	return nil
}

// A failed Acquire holds nothing; the defer releases the rest.
func (f *fetcher) fetchDeferred(ctx context.Context, key string) error {
	if err := f.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer f.sem.Release(1)
	return validate(key)
}

// TryAcquire holds a permit only when it returned true.
func (f *fetcher) tryFetch(key string) error {
	if !f.sem.TryAcquire(1) {
		return errors.New("busy")
	}
	defer f.sem.Release(1)
	return validate(key)
}

// The weight released is the weight acquired, computed twice.
func (f *fetcher) fetchN(ctx context.Context, keys []string) error {
	if err := f.sem.Acquire(ctx, int64(len(keys))); err != nil {
		return err
	}
	defer f.sem.Release(int64(len(keys)))
	return nil
}

// Released with another weight: the permit of 2 is not given back.
func (f *fetcher) wrongWeight(ctx context.Context) error {
	err := f.sem.Acquire(ctx, 2) // want `deferrelease: the permit from f.sem.Acquire is not released on the path returning at permits.go:\d+`
	if err != nil {
		return err
	}
	f.sem.Release(1)
	return nil
}

// TryAcquire's permit lost on the validation error.
func (f *fetcher) tryLeak(key string) error {
	if !f.sem.TryAcquire(1) { // want `deferrelease: the permit from f.sem.TryAcquire is not released on the path returning at permits.go:\d+`
		return errors.New("busy")
	}
	if err := validate(key); err != nil {
		return err
	}
	f.sem.Release(1)
	return nil
}
