package handoff

import "io"

// Ownership returned to the caller.
func returned(q string) (*Rows, error) {
	r, err := query(q)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Returned as an interface.
func returnedAsReader(q string) (io.ReadCloser, error) {
	r, err := query(q)
	if err != nil {
		return nil, err
	}
	return r, nil
}
