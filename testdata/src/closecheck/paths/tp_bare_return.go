package paths

// A bare return in a function with no error result still leaks.
func bareReturn(addr string, quick bool) {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tp_bare_return.go:10`
	if err != nil {
		return
	}
	if quick {
		return
	}
	c.Ping()
	c.Close()
}

// Falling off the end of the function is a return too.
func fallsOffTheEnd(addr string) {
	c, err := open(addr) // want `closecheck: c \(from open\) is not closed on the path returning at tp_bare_return.go:2[23]`
	if err != nil {
		return
	}
	c.Ping()
}
