// Package txdb stubs a database whose transactions have no Close: they
// end with Commit or Rollback, which a configuration names.
package txdb

import "errors"

type DB struct{ open int }

// Txn is released by Commit or Rollback.
type Txn struct{ db *DB }

func (db *DB) Begin() (*Txn, error) {
	if db == nil {
		return nil, errors.New("closed")
	}
	db.open++
	return &Txn{db: db}, nil
}

func (t *Txn) Put(k, v string) error { return nil }
func (t *Txn) Commit() error        { t.db.open--; return nil }
func (t *Txn) Rollback()            { t.db.open-- }
