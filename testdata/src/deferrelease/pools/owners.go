package pools

import (
	"errors"

	"example.com/bytepool"
)

// Owners: fresh values whose Release gives back what their fields hold.

// A chunk reader holds a pooled buffer until Release.
type chunkSet struct {
	pool *bytepool.Pool
	buf  *[]byte
}

func (c *chunkSet) Release() { c.pool.Put(c.buf) }

func newChunkSet(p *bytepool.Pool, size int) (*chunkSet, error) {
	buf, err := p.Get(size)
	if err != nil {
		return nil, err
	}
	return &chunkSet{pool: p, buf: buf}, nil
}

func series(p *bytepool.Pool, n int) (int, error) {
	cs, err := newChunkSet(p, n) // want `deferrelease: cs from newChunkSet is not released on the path returning at owners.go:\d+ \(add defer cs.Release\(\) after line \d+\)`
	if err != nil {
		return 0, err
	}
	if n > 100 {
		return 0, errors.New("too many")
	}
	cs.Release()
	return n, nil
}

// A locker holds something only once locked (prometheus DirLocker): a
// new one, never locked, holds nothing to release.
type releaser interface{ Release() error }

type dirLocker struct {
	path     string
	releaser releaser
}

func (l *dirLocker) Release() error {
	if l.releaser == nil {
		return nil
	}
	err := l.releaser.Release()
	l.releaser = nil
	return err
}

func newDirLocker(dir string) (*dirLocker, error) {
	if dir == "" {
		return nil, errors.New("no dir")
	}
	return &dirLocker{path: dir + "/lock"}, nil
}

func lockPath(dir string) (string, error) {
	l, err := newDirLocker(dir)
	if err != nil {
		return "", err
	}
	return l.path, nil
}
