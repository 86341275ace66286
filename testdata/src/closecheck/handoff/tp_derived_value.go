package handoff

import (
	"errors"
	"net"
)

// A resource replaced by a derived value that shares what it holds
// (cs = cs.WithFetcher(f)): returning the derived value hands it on.

type fetcher struct{ limit int }

type chunkStore struct {
	conn    net.Conn
	fetcher *fetcher
}

func (c *chunkStore) Close() error { return c.conn.Close() }

func (c *chunkStore) WithFetcher(f *fetcher) *chunkStore {
	return &chunkStore{conn: c.conn, fetcher: f}
}

func newChunkStore(addr string) (*chunkStore, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &chunkStore{conn: conn}, nil
}

func openChunkStore(addr string, limit int) (*chunkStore, error) {
	cs, err := newChunkStore(addr)
	if err != nil {
		return nil, err
	}
	if limit > 0 {
		cs = cs.WithFetcher(&fetcher{limit: limit})
	}
	return cs, nil
}

// The derived value dropped on an error: the connection it shares leaks
// (reported for both values that share it).
func openChunkStoreChecked(addr string, limit int) (*chunkStore, error) {
	cs, err := newChunkStore(addr) // want `closecheck: cs \(from newChunkStore\) is not closed on the path returning at tp_derived_value.go:52`
	if err != nil {
		return nil, err
	}
	cs = cs.WithFetcher(&fetcher{limit: limit}) // want `closecheck: cs \(from WithFetcher\) is not closed on the path returning at tp_derived_value.go:52`
	if limit < 0 {
		return nil, errors.New("negative limit")
	}
	return cs, nil
}
