package paths

func closeEveryBranch(addr string, fast bool) error {
	c, err := open(addr)
	if err != nil {
		return err
	}
	if fast {
		c.Close()
		return nil
	}
	if err := c.Ping(); err != nil {
		c.Close()
		return err
	}
	return c.Close()
}

// Closed in every case of a switch, and in the loop that retries.
func closeInSwitchAndLoop(addrs []string, mode int) {
	for _, a := range addrs {
		c, err := open(a)
		if err != nil {
			continue
		}
		switch mode {
		case 0:
			c.Close()
			continue
		default:
			c.Ping()
		}
		c.Close()
	}
}

// The acquisition's nil check: nothing is held on the nil branch.
func nilCheck(addr string) {
	c, _ := open(addr)
	if c == nil {
		return
	}
	defer c.Close()
	c.Ping()
}

// The error kept in a variable and checked with == nil.
func errEqualNil(addr string) error {
	c, err := open(addr)
	if err == nil {
		defer c.Close()
		return c.Ping()
	}
	return err
}
