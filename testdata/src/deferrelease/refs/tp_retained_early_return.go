package refs

// The metadata service's catch-up: the epoch-0 path returns before the
// release, and a chain of old snapshots stays alive.
func (st *Store) catchUp(since uint64) error {
	snap := st.latest
	snap.Retain() // want `deferrelease: the reference from snap.Retain is not released on the path returning at tp_retained_early_return.go:9 \(add defer snap.Release\(\) after line 7\)`
	if since == 0 {
		return nil
	}
	if snap.epoch < since {
		snap.Release()
		return errStale
	}
	snap.Release()
	return nil
}

// Released twice after one Retain.
func (st *Store) doubleRelease() {
	snap := st.latest
	snap.Retain()
	snap.Release()
	snap.Release() // want `deferrelease: the reference from snap.Retain is released twice on one path: here and at tp_retained_early_return.go:23`
}
