package handoff

// countRows only reads; it neither closes nor keeps its argument.
func countRows(r *Rows) int {
	n := 0
	for r.Next() {
		n++
	}
	return n
}

// Passing to a function is not closing it.
func handedToBorrower(q string) (int, error) {
	r, err := query(q) // want `closecheck: r \(from query\) is not closed on the path returning at tp_borrowing_helper.go:18; add "defer r.Close\(\)" after the error check`
	if err != nil {
		return 0, err
	}
	return countRows(r), nil
}

// A closure that only uses the rows and is only called here holds nothing
// beyond this function.
func closureCalledLocally(q string) int {
	r, err := query(q) // want `closecheck: r \(from query\) is not closed on the path returning at tp_borrowing_helper.go:\d+`
	if err != nil {
		return 0
	}
	next := func() bool { return r.Next() }
	n := 0
	for next() {
		n++
	}
	return n
}
