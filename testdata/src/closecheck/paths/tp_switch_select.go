package paths

// One switch case returns without closing.
func switchCase(addr string, mode int) error {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tp_switch_select.go:13`
	if err != nil {
		return err
	}
	switch mode {
	case 0:
		c.Close()
	case 1:
		return nil
	default:
		c.Close()
	}
	return nil
}

// One select arm returns without closing.
func selectArm(addr string, done, tick <-chan struct{}) error {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tp_switch_select.go:28`
	if err != nil {
		return err
	}
	select {
	case <-done:
		return nil
	case <-tick:
	}
	return c.Close()
}
