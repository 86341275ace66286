package handoff

import (
	"context"
	"errors"
	"io"
)

func closeQuietly(c io.Closer) { _ = c.Close() }

func ignoreErr(f func() error) { _ = f() }

// Released through a helper, deferred or not.
func deferHelper(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	defer closeQuietly(r)
	r.Next()
	return nil
}

// Released through a method value.
func deferMethodValue(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	defer ignoreErr(r.Close)
	r.Next()
	return nil
}

// Released through a local closure.
func localCloser(q string) {
	r, err := query(q)
	if err != nil {
		return
	}
	cl := func(c io.Closer) { c.Close() }
	r.Next()
	cl(r)
}

// Released in every select arm through a helper.
func closeInEverySelectArm(q string, a, b <-chan int) {
	r, err := query(q)
	if err != nil {
		return
	}
	select {
	case <-a:
		closeQuietly(r)
	case <-b:
		closeQuietly(r)
	}
}

// A method of the resource that releases it under another name; the
// server has a Close too, promoted from the embedded rows.
type server struct {
	*Rows
	done chan bool
}

func newServer(q string) (*server, error) {
	r, err := query(q)
	if err != nil {
		return nil, err
	}
	return &server{Rows: r, done: make(chan bool)}, nil
}

func (s *server) teardown() error {
	close(s.done)
	return s.Rows.Close()
}

func (s *server) buildup() error { return nil }

func releasedByTeardown(q string) error {
	s, err := newServer(q)
	if err != nil {
		return err
	}
	defer s.teardown()
	return s.buildup()
}

// A method that cancels what the resource runs releases it: an orphaned
// session's keepalive is stopped and its lease left to its owner.
type session struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func newSession(ctx context.Context) (*session, error) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { <-ctx.Done(); close(done) }()
	return &session{cancel: cancel, done: done}, nil
}

func (s *session) Close() error { s.cancel(); <-s.done; return nil }

// Orphan stops the keepalive without revoking the lease.
func (s *session) Orphan() { s.cancel(); <-s.done }

func orphaned(ctx context.Context) (*session, error) {
	s, err := newSession(ctx)
	if err != nil {
		return nil, err
	}
	s.Orphan()
	return nil, nil
}

// The etcd election server's shape: the helper orphans the session and
// returns it; its callers own nothing to close.
func orphanedSession(ctx context.Context) (*session, error) {
	s, err := newSession(ctx)
	if err != nil {
		return nil, err
	}
	s.Orphan()
	return s, nil
}

func campaign(ctx context.Context, name string) error {
	s, err := orphanedSession(ctx)
	if err != nil {
		return err
	}
	if name == "" {
		return errors.New("no name")
	}
	_ = s.done
	return nil
}
