package suppressed

// A directive on its own line covers the statement below it, all of it.
func lintIgnoreAbove(a string) {
	//lint:ignore closecheck closed by the finalizer in tests
	c, _ := open(a)
	c.Ping()
}

func nolintAboveMultiline(a string) {
	//nolint:closecheck
	c, _ := open(
		a,
	)
	c.Ping()
}

// A lint:ignore without a reason is not a directive.
func lintIgnoreNoReason(a string) {
	//lint:ignore closecheck
	c, _ := open(a) // want `closecheck: c \(from open\) is not closed`
	c.Ping()
}

// Covering a declaration covers everything in it.
//
//nolint:closecheck
func nolintDecl(a string) {
	c, _ := open(a)
	c.Ping()
}

// A directive two lines up covers nothing.
func tooFarAbove(a string) {
	//nolint:closecheck

	c, _ := open(a) // want `closecheck: c \(from open\) is not closed`
	c.Ping()
}
