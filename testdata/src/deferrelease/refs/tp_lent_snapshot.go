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

// Read after the reference was dropped: the snapshot may be freed.
func (st *Store) staleRead() uint64 {
	s := st.Acquire()
	s.Release()
	return s.epoch // want `deferrelease: s is used after it was released at tp_lent_snapshot.go:17; its last reference may be gone`
}
