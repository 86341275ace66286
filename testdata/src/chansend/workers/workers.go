// Package workers holds producers feeding workers that range over a
// channel: a worker that returns on its first error stops receiving, and
// once all have, the producer's next send blocks.
package workers

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"
)

func check(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}

// Workers return on their first error; the producer keeps sending.
func listAll(files []string, checkers int) error {
	var g errgroup.Group
	remotes := make(chan string, checkers)
	for i := 0; i < checkers; i++ {
		g.Go(func() error {
			for r := range remotes {
				if err := check(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, f := range files {
		remotes <- f // want `chansend: send on remotes \(buffered, made at workers.go:\d+\) can block forever: the workers started at workers.go:\d+ stop receiving when they return at workers.go:\d+, before the channel is closed; once all have, this send blocks; have the workers drain the channel`
	}
	close(remotes)
	return g.Wait()
}

// Plain goroutines that return early mostly do so by protocol (a worker
// told to answer once, a test that has already failed): left alone.
func feed(ctx context.Context, jobs []string) {
	work := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			for j := range work {
				if check(j) != nil {
					return
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
}

// Workers that note the error and keep draining: the producer never
// blocks.
func drainAll(files []string) error {
	var g errgroup.Group
	remotes := make(chan string)
	for i := 0; i < 4; i++ {
		g.Go(func() error {
			var first error
			for r := range remotes {
				if err := check(r); err != nil && first == nil {
					first = err
				}
			}
			return first
		})
	}
	for _, f := range files {
		remotes <- f
	}
	close(remotes)
	return g.Wait()
}

// The fixed producer: the workers' context ends on the first error and
// the send gives up then.
func listAllCancel(ctx context.Context, files []string) error {
	g, ctx := errgroup.WithContext(ctx)
	remotes := make(chan string)
	for i := 0; i < 4; i++ {
		g.Go(func() error {
			for r := range remotes {
				if err := check(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, f := range files {
		select {
		case remotes <- f:
		case <-ctx.Done():
		}
	}
	close(remotes)
	return g.Wait()
}

// Every value is queued before the workers start: they cannot have quit
// yet (an object store's scanner).
func queueFirst(ctx context.Context, buckets []string) {
	bucketCh := make(chan string, len(buckets))
	for _, b := range buckets {
		if b != "" {
			bucketCh <- b
		}
	}
	close(bucketCh)
	for i := 0; i < 4; i++ {
		go func() {
			for b := range bucketCh {
				if ctx.Err() != nil {
					return
				}
				_ = b
			}
		}()
	}
}

// Room for every value sent: the sends never wait, whoever quits.
func sized(files []string) error {
	var g errgroup.Group
	remotes := make(chan string, len(files))
	for i := 0; i < 4; i++ {
		g.Go(func() error {
			for r := range remotes {
				if err := check(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, f := range files {
		remotes <- f
	}
	close(remotes)
	return g.Wait()
}

// The same with a context in scope: the advice is to cancel it on the
// first error and select on it.
func listAllCtx(ctx context.Context, files []string) error {
	var g errgroup.Group
	remotes := make(chan string)
	for i := 0; i < 4; i++ {
		g.Go(func() error {
			for r := range remotes {
				if err := check(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, f := range files {
		remotes <- f // want `chansend: send on remotes \(unbuffered, made at workers.go:\d+\) can block forever: the workers started at workers.go:\d+ stop receiving when they return at workers.go:\d+, before the channel is closed; once all have, this send blocks; cancel ctx when a worker fails \(errgroup.WithContext\) and select on it`
	}
	close(remotes)
	return g.Wait()
}
