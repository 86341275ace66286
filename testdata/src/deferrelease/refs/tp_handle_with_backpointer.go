package refs

import (
	"errors"
	"runtime"
)

// A database hands out snapshots: each points back at the database and
// takes a reference on it that its Release drops. The snapshot is the
// caller's to release although it holds a borrowed pointer.
type snapDB struct{ elems []*snapElem }

// Close closes the database: snapshots hold a database that must be
// closed, but they do not own it.
func (db *snapDB) Close() error { db.elems = nil; return nil }

type snapElem struct{ ref int }

func (db *snapDB) acquire() *snapElem {
	e := &snapElem{ref: 1}
	db.elems = append(db.elems, e)
	return e
}

func (db *snapDB) release(e *snapElem) { e.ref-- }

type dbSnapshot struct {
	db   *snapDB
	elem *snapElem
}

func (db *snapDB) GetSnapshot() (*dbSnapshot, error) {
	if db == nil {
		return nil, errors.New("closed")
	}
	return db.newSnapshot(), nil
}

func (db *snapDB) newSnapshot() *dbSnapshot {
	s := &dbSnapshot{db: db, elem: db.acquire()}
	runtime.SetFinalizer(s, (*dbSnapshot).Release)
	return s
}

func (s *dbSnapshot) Release() { s.db.release(s.elem) }

type releaser struct{}

func newReleaser(ok bool) (*releaser, error) {
	if !ok {
		return nil, errors.New("closing")
	}
	return &releaser{}, nil
}

type readTxn struct {
	snap *dbSnapshot
	rel  *releaser
}

type backend struct{ ldb *snapDB }

func (b *backend) newReadTxn(ok bool) (readTxn, error) {
	snap, err := b.ldb.GetSnapshot() // want `deferrelease: snap from b.ldb.GetSnapshot is not released on the path returning at tp_handle_with_backpointer.go:70; release it on that path too`
	if err != nil {
		return readTxn{}, err
	}
	rel, err := newReleaser(ok)
	if err != nil {
		return readTxn{}, err
	}
	return readTxn{snap: snap, rel: rel}, nil
}

// The fixed twin releases the snapshot when the releaser fails.
func (b *backend) newReadTxnFixed(ok bool) (readTxn, error) {
	snap, err := b.ldb.GetSnapshot()
	if err != nil {
		return readTxn{}, err
	}
	rel, err := newReleaser(ok)
	if err != nil {
		snap.Release()
		return readTxn{}, err
	}
	return readTxn{snap: snap, rel: rel}, nil
}
