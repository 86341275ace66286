package refs

// Acquire's fact says the caller must release what it returns.
func (st *Store) pagesOf(i int) ([]byte, error) {
	s := st.Acquire() // want `deferrelease: s from st.Acquire is not released on the path returning at tp_lent_snapshot.go:7 \(add defer s.Release\(\) after line 5\)`
	if i >= len(s.pages) {
		return nil, errStale
	}
	p := s.pages[i]
	s.Release()
	return p, nil
}
