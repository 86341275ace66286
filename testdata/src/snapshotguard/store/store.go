// Package store wraps an embedded key-value store of another module. Its
// methods reach other packages as facts: Open assigns s.db, Close closes
// it, Get and Put read it.
package store

import "example.com/kvdb"

type Store struct {
	dir string
	db  *kvdb.DB
}

// New is a constructor: its writes are to a value nobody else has yet.
func New(dir string) (*Store, error) { // want New:"fresh"
	s := &Store{dir: dir}
	if err := s.Open(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) Open() error { // want Open:"reads s.dir; assigns s.db"
	db, err := kvdb.Open(s.dir)
	if err != nil {
		return err
	}
	s.db = db
	return nil
}

func (s *Store) Close() error { // want Close:"reads s.db; closes s.db"
	return s.db.Close()
}

func (s *Store) Get(k string) ([]byte, error) { // want Get:"reads s.db"
	return s.db.Get(k)
}

func (s *Store) Put(k string, v []byte) error { // want Put:"reads s.db"
	return s.db.Put(k, v)
}
