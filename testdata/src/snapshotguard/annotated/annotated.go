// Package annotated uses the annotations that override the inference.
package annotated

import "sync"

// Table's rows are guarded by mu, as annotated; other is a second mutex
// both sides hold, which the inference alone would take for the guard.
type Table struct {
	mu    sync.RWMutex
	other sync.Mutex
	rows  map[string]int //leaklint:guardedby mu
	gen   int            //leaklint:guardedby mu
}

// Reload is a writer by annotation: it replaces the table's state.
//
//leaklint:snapshot
func (t *Table) Reload(rows map[string]int) {
	t.other.Lock()
	t.rows = rows // want `snapshotguard: \(\*Table\).Reload assigns t.rows without t.mu, which guards it \(//leaklint:guardedby\); take t.mu.Lock`
	t.other.Unlock()
	t.mu.Lock()
	t.gen++
	t.mu.Unlock()
}

func (t *Table) Row(k string) int {
	t.other.Lock()
	defer t.other.Unlock()
	return t.rows[k]
}

func (t *Table) Gen() int {
	return t.gen // want `snapshotguard: t.gen is read without t.mu, which guards it, but \(\*Table\).Reload \(annotated.go:23\) assigns it; hold t.mu \(RLock\) here, as \(\*Table\).Reload holds it`
}

func (t *Table) GenLocked() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.gen
}
