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

// Made inside a composite literal: named by its field.
func queryOrNil(q string) *Rows {
	r, err := query(q)
	if err != nil {
		return nil
	}
	return r
}

func wrappedInLiteral(q string) int {
	p := &page{
		rows: queryOrNil(q), // want `closecheck: p.rows \(from queryOrNil\) is not closed on the path returning at tp_local_wrapper.go:\d+`
		size: 10,
	}
	return p.fill()
}

// An argument of another call is named as a result.
func argumentOfCall(q string) int {
	return countRows(queryOrNil(q)) // want `closecheck: the result of queryOrNil is not closed on the path returning at tp_local_wrapper.go:\d+`
}
