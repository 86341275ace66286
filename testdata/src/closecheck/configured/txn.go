// Package configured holds cases for a resource type named in the
// configuration (closecheck.Config.Types): example.com/txdb.Txn, released
// by Commit or Rollback. Without that setting nothing here is reported.
package configured

import "example.com/txdb"

func leakOnError(db *txdb.DB, k, v string) error {
	tx, err := db.Begin() // want `closecheck: tx \(from txdb.DB.Begin\) is not released on the path returning at txn.go:14; call Commit or Rollback on that path too`
	if err != nil {
		return err
	}
	if err := tx.Put(k, v); err != nil {
		return err
	}
	return tx.Commit()
}

// Every path ends the transaction: not reported.
func rolledBack(db *txdb.DB, k, v string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if err := tx.Put(k, v); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// A deferred Rollback covers every path: not reported.
func deferredRollback(db *txdb.DB, k, v string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Put(k, v); err != nil {
		return err
	}
	return tx.Commit()
}

// The caller owns a returned transaction: not reported.
func begin(db *txdb.DB) (*txdb.Txn, error) {
	return db.Begin()
}
