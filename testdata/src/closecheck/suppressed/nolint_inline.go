package suppressed

func nolintNamed(a string) {
	c, _ := open(a) //nolint:closecheck // handed to the pool by the caller's hook
	c.Ping()
}

func nolintLeaklint(a string) {
	c, _ := open(a) //nolint:leaklint
	c.Ping()
}

func nolintBare(a string) {
	c, _ := open(a) //nolint
	c.Ping()
}

func nolintList(a string) {
	c, _ := open(a) //nolint:errcheck,closecheck
	c.Ping()
}

// A directive for another linter silences nothing here.
func nolintOther(a string) {
	c, _ := open(a) //nolint:errcheck // want `closecheck: c \(from open\) is not closed`
	c.Ping()
}
