package handoff

import "io"

// A value merged at a phi, closed once.
func mergedAtPhi(c bool) error {
	var rc io.ReadCloser
	if c {
		r, err := query("a")
		if err != nil {
			return err
		}
		rc = r
	} else {
		r, err := query("b")
		if err != nil {
			return err
		}
		rc = r
	}
	defer rc.Close()
	_, err := rc.Read(nil)
	return err
}

// A generic pass-through.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func genericPassThrough(q string) bool {
	r := must(query(q))
	defer r.Close()
	return r.Next()
}

// A Close promoted from an embedded type.
type TracedRows struct {
	*Rows
	span string
}

func traced(q string) (*TracedRows, error) {
	r, err := query(q)
	if err != nil {
		return nil, err
	}
	return &TracedRows{Rows: r, span: q}, nil
}

func promotedClose(q string) error {
	t, err := traced(q)
	if err != nil {
		return err
	}
	defer t.Close()
	t.Next()
	return nil
}
