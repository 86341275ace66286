package paths

// A defer registered on one branch only releases on that branch.
func conditionalDefer(addr string, verbose bool) error {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tp_conditional_defer.go:12`
	if err != nil {
		return err
	}
	if verbose {
		defer c.Close()
	}
	return c.Ping()
}
