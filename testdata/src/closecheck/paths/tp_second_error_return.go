package paths

// The first error return is the acquisition's own; the second, added
// later, leaks the connection.
func secondErrorReturn(addr string) error {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tp_second_error_return.go:11; add "defer c.Close\(\)" after the error check`
	if err != nil {
		return err
	}
	if err := check(addr); err != nil {
		return err
	}
	defer c.Close()
	return c.Ping()
}
