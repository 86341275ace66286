// Package kvdb stands for an embedded key-value store of another module
// (RocksDB, bbolt, Pebble): its handle must not be used once closed.
package kvdb

type DB struct {
	data   map[string][]byte
	closed bool
}

func Open(dir string) (*DB, error) { return &DB{data: map[string][]byte{}}, nil }

func (db *DB) Get(k string) ([]byte, error) { return db.data[k], nil }

func (db *DB) Put(k string, v []byte) error {
	db.data[k] = v
	return nil
}

func (db *DB) Close() error {
	db.closed = true
	return nil
}
