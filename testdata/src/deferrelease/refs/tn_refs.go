package refs

// The shapes that give the reference back, or hand it on.

func (st *Store) deferredRelease() uint64 {
	snap := st.latest
	snap.Retain()
	defer snap.Release()
	return snap.epoch
}

// A new snapshot is retained and stored as the latest, while the old one
// is released.
func (st *Store) install(next *Snapshot) {
	st.mu.Lock()
	defer st.mu.Unlock()
	next.Retain()
	old := st.latest
	st.latest = next
	if old != nil {
		old.Release()
	}
}

// Retained for the caller, who releases it.
func (st *Store) Acquire() *Snapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.latest
	s.Retain()
	return s
}

func (st *Store) epochOf() uint64 {
	s := st.Acquire()
	defer s.Release()
	return s.epoch
}

// The field read twice is the same snapshot.
func (st *Store) throughField() uint64 {
	st.latest.Retain()
	defer st.latest.Release()
	return st.latest.epoch
}

// Two references, two releases.
func (st *Store) twice() {
	snap := st.latest
	snap.Retain()
	snap.Retain()
	snap.Release()
	snap.Release()
}
