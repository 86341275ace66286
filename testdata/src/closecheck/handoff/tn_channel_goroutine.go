package handoff

// Ownership moved through a channel.
func sentOnChannel(q string, out chan<- *Rows) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	out <- r
	return nil
}

// Handed to a goroutine that closes it.
func goroutineCloses(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	go func() {
		defer r.Close()
		for r.Next() {
		}
	}()
	return nil
}

// A goroutine started with the resource as argument to a closing function.
func goroutineArgument(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	go drainAndClose(r)
	return nil
}

func drainAndClose(r *Rows) {
	for r.Next() {
	}
	r.Close()
}
