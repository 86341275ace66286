package paths

func deferClose(addr string) error {
	c, err := open(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := check(addr); err != nil {
		return err
	}
	return c.Ping()
}

// The errcheck-friendly forms of a deferred close.
func deferClosureIgnoringError(addr string) error {
	c, err := open(addr)
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	return c.Ping()
}

func deferClosureLoggingError(addr string, logf func(string, ...any)) error {
	c, err := open(addr)
	if err != nil {
		return err
	}
	defer func() {
		if err := c.Close(); err != nil {
			logf("close: %v", err)
		}
	}()
	return c.Ping()
}

// A close nested two closures deep still runs at exit.
func deferNestedClosure(addr string) error {
	c, err := open(addr)
	if err != nil {
		return err
	}
	defer func() {
		func() { c.Close() }()
	}()
	return c.Ping()
}
