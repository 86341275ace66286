package incidents

// Incident 2: a store gateway builds a merge iterator (a generic loser tree
// whose Close returns pooled chunk buffers), wraps it in a deduplicator
// that has no Close, and never closes the tree.

import (
	"example.com/losertree"
)

type Series struct{ Labels string }

type blockSeriesClient struct {
	cur  *Series
	pool *[][]byte
}

func (c *blockSeriesClient) Next() bool { return c.cur != nil }

// Close returns the client's chunk bytes to the pool.
func (c *blockSeriesClient) Close() { *c.pool = append(*c.pool, nil) }

func newBlockSeriesClient(pool *[][]byte) *blockSeriesClient {
	return &blockSeriesClient{pool: pool}
}

// dedupIterator drops repeated series; it has no Close of its own.
type dedupIterator struct {
	tree *losertree.Tree[*Series, *blockSeriesClient]
	last string
}

func newDedupIterator(t *losertree.Tree[*Series, *blockSeriesClient]) *dedupIterator {
	return &dedupIterator{tree: t}
}

func (d *dedupIterator) Next() bool {
	for d.tree.Next() {
		if s := d.tree.At(); s.Labels != d.last {
			d.last = s.Labels
			return true
		}
	}
	return false
}

func (d *dedupIterator) At() *Series { return d.tree.At() }

type BucketStore struct {
	pool   [][]byte
	blocks int
}

func seriesAt(c *blockSeriesClient) *Series { return c.cur }
func lessSeries(a, b *Series) bool          { return a.Labels < b.Labels }
func closeClient(c *blockSeriesClient)      { c.Close() }

func (s *BucketStore) Series(send func(*Series) error) error {
	var clients []*blockSeriesClient
	for i := 0; i < s.blocks; i++ {
		clients = append(clients, newBlockSeriesClient(&s.pool))
	}
	tree := losertree.New(clients, nil, seriesAt, lessSeries, closeClient) // want `closecheck: tree \(from losertree.New\) is not closed on the path returning at store_gateway_losertree.go:\d+`
	it := newDedupIterator(tree)
	for it.Next() {
		if err := send(it.At()); err != nil {
			return err
		}
	}
	return nil
}

// The fix: close the tree, not the wrapper.
func (s *BucketStore) SeriesFixed(send func(*Series) error) error {
	var clients []*blockSeriesClient
	for i := 0; i < s.blocks; i++ {
		clients = append(clients, newBlockSeriesClient(&s.pool))
	}
	tree := losertree.New(clients, nil, seriesAt, lessSeries, closeClient)
	defer tree.Close()
	it := newDedupIterator(tree)
	for it.Next() {
		if err := send(it.At()); err != nil {
			return err
		}
	}
	return nil
}
