package paths

// The resource is never even assigned.
func discarded(addr string) error {
	_, err := open(addr) // want `closecheck: the \*paths.Conn returned by open is discarded and never closed; assign it and defer its Close`
	return err
}
