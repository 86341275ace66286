package paths

// Inside a loop, the first continue is the acquisition's error path; the
// second skips the close and the next iteration overwrites c.
func loopContinue(addrs []string) {
	for _, a := range addrs {
		c, err := open(a) // want `closecheck: c \(from open\) is not closed before the loop reaches open again \(path through tp_loop_continue.go:1[01]\); close it before the loop continues`
		if err != nil {
			continue
		}
		if a == "skip" {
			continue
		}
		c.Ping()
		c.Close()
	}
}

// An endless loop with the same mistake: the only way to see the leak is
// the acquisition reached again.
func endlessLoop(next func() string) {
	for {
		c, err := open(next()) // want `closecheck: c \(from open\) is not closed before the loop reaches open again`
		if err != nil {
			continue
		}
		if c.Ping() != nil {
			continue
		}
		c.Close()
	}
}
