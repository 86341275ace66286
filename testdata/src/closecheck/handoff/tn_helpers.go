package handoff

import "io"

func closeQuietly(c io.Closer) { _ = c.Close() }

func ignoreErr(f func() error) { _ = f() }

// Released through a helper, deferred or not.
func deferHelper(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	defer closeQuietly(r)
	r.Next()
	return nil
}

// Released through a method value.
func deferMethodValue(q string) error {
	r, err := query(q)
	if err != nil {
		return err
	}
	defer ignoreErr(r.Close)
	r.Next()
	return nil
}

// Released through a local closure.
func localCloser(q string) {
	r, err := query(q)
	if err != nil {
		return
	}
	cl := func(c io.Closer) { c.Close() }
	r.Next()
	cl(r)
}

// Released in every select arm through a helper.
func closeInEverySelectArm(q string, a, b <-chan int) {
	r, err := query(q)
	if err != nil {
		return
	}
	select {
	case <-a:
		closeQuietly(r)
	case <-b:
		closeQuietly(r)
	}
}
