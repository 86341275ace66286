package handoff

import "errors"

// A constructor that closes only on its own failure, with a named error.
func openChecked(q string) (r *Rows, err error) {
	r, err = query(q)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	if !r.Next() {
		return nil, errors.New("no rows")
	}
	return r, nil
}

// Its callers own what it returns.
func useOpenChecked(q string) error {
	r, err := openChecked(q) // want `closecheck: r \(from openChecked\) is not closed on the path returning at tn_constructor_cleanup.go:29`
	if err != nil {
		return err
	}
	if r.n > 1 {
		return nil
	}
	return r.Close()
}
