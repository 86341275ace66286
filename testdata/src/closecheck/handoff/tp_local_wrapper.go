package handoff

// page has no Close: storing the rows in it hands nothing on.
type page struct {
	rows *Rows
	size int
}

func (p *page) fill() int {
	n := 0
	for n < p.size && p.rows.Next() {
		n++
	}
	return n
}

func wrappedLocally(q string) int {
	r, err := query(q) // want `closecheck: r \(from query\) is not closed on the path returning at tp_local_wrapper.go:24`
	if err != nil {
		return 0
	}
	p := &page{size: 10}
	p.rows = r
	return p.fill()
}

// The wrapper built by a constructor leaks it the same way.
func newPage(r *Rows) *page { return &page{rows: r, size: 10} }

func wrappedByConstructor(q string) int {
	r, err := query(q) // want `closecheck: r \(from query\) is not closed on the path returning at tp_local_wrapper.go:3[45]`
	if err != nil {
		return 0
	}
	return newPage(r).fill()
}

// A wrapper that closes what it holds takes ownership.
type closingPage struct{ rows *Rows }

func (p *closingPage) Close() error { return p.rows.Close() }

func wrappedByOwner(q string) (*closingPage, error) {
	r, err := query(q)
	if err != nil {
		return nil, err
	}
	return &closingPage{rows: r}, nil
}
