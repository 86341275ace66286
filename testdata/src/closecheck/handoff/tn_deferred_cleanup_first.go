package handoff

// A deferred cleanup registered before the acquisition closes whatever the
// variable holds at exit.
func cleanupRegisteredFirst(qs []string) (err error) {
	var r *Rows
	defer func() {
		if r != nil {
			r.Close()
		}
	}()
	for _, q := range qs {
		if r == nil {
			r, err = query(q)
			if err != nil {
				return err
			}
		}
		if !r.Next() {
			return nil
		}
	}
	return nil
}
