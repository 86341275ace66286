package handoff

// The wrapper has a Close, but it does not close the rows it holds:
// storing the rows in it hands nothing on.
type meteredRows struct {
	rows   *Rows
	count  int
	closed bool
}

func (m *meteredRows) Close() error { m.closed = true; return nil }

func metered(q string) int {
	r, err := query(q) // want `closecheck: r \(from query\) is not closed on the path returning at tp_wrapper_close_forgets.go:24`
	if err != nil {
		return 0
	}
	m := &meteredRows{}
	m.rows = r
	defer m.Close()
	for m.rows.Next() {
		m.count++
	}
	return m.count
}

// A wrapper whose Close closes the field owns it.
type ownedRows struct {
	rows  *Rows
	count int
}

func (o *ownedRows) Close() error { return o.rows.Close() }

func owned(q string) int {
	r, err := query(q)
	if err != nil {
		return 0
	}
	o := &ownedRows{}
	o.rows = r
	defer o.Close()
	for o.rows.Next() {
		o.count++
	}
	return o.count
}

// A wrapper whose Close hands itself to a helper that closes everything.
type pooledRows struct {
	rows *Rows
	tag  string
}

func closeAll(p *pooledRows) { p.rows.Close() }

func (p *pooledRows) Close() error { closeAll(p); return nil }

func pooled(q string) bool {
	r, err := query(q)
	if err != nil {
		return false
	}
	p := &pooledRows{tag: q}
	p.rows = r
	defer p.Close()
	return p.rows.Next()
}
