package handoff

// Appended to a slice that a deferred loop closes.
func deferredCloseAll(qs []string) error {
	var open []*Rows
	defer func() {
		for _, r := range open {
			r.Close()
		}
	}()
	for _, q := range qs {
		r, err := query(q)
		if err != nil {
			return err
		}
		open = append(open, r)
	}
	return nil
}
