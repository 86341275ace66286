package handoff

import "sync"

type Cache struct {
	mu   sync.Mutex
	rows map[string]*Rows
	last *Rows
	all  []*Rows
}

// Stored in the receiver's map.
func (c *Cache) storeInMap(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rows[q] = r
	return nil
}

// Stored in a field of the receiver.
func (c *Cache) storeInField(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	c.last = r
	return nil
}

type holder struct{ r *Rows }

// Stored in a field of a struct that is returned.
func storeInReturned(q string) (*holder, error) {
	r, err := query(q)
	if err != nil {
		return nil, err
	}
	h := &holder{}
	h.r = r
	return h, nil
}

var global *Rows

// Stored in a global.
func storeInGlobal(q string) {
	r, err := query(q)
	if err != nil {
		return
	}
	global = r
}
