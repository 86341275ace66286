package paths

const workers = 3

type pool struct{ conns []*Conn }

// A loop with a constant trip count runs at least once: the path that
// skips it is infeasible.
func handOutToWorkers(addr string) (*pool, error) {
	c, err := open(addr)
	if err != nil {
		return nil, err
	}
	p := &pool{}
	for i := 0; i < workers; i++ {
		p.conns = append(p.conns, c)
	}
	return p, nil
}

// With a bound that may be zero, the skipping path is real.
func handOutToN(addr string, n int) (*pool, error) {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tn_counted_loop.go:31`
	if err != nil {
		return nil, err
	}
	p := &pool{}
	for i := 0; i < n; i++ {
		p.conns = append(p.conns, c)
	}
	return p, nil
}
