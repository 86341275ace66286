package files

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// A defer registered in one branch closes the file on that branch only:
// the returns before it still leak. (With a defer in the function, every
// result goes through a cell; a cell holding nil on a path does not hand
// the file on there.)
func getLimited(name string, limit int64) (io.ReadCloser, error) {
	f, err := os.Open(name) // want `closecheck: f \(from os.Open\) is not closed on the path returning at tp_branch_defer.go:20`
	if err != nil {
		return nil, err
	}
	if _, err := f.Stat(); err != nil {
		return nil, err
	}
	if limit > 0 {
		defer f.Close()
		buf := make([]byte, limit)
		n, err := f.Read(buf)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(buf[:n])), nil
	}
	return f, nil
}

// Fixed: closed on the Stat error too.
func getLimitedClosed(name string, limit int64) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if _, err := f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	if limit > 0 {
		defer f.Close()
		buf := make([]byte, limit)
		n, err := f.Read(buf)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(buf[:n])), nil
	}
	return f, nil
}

// Named results set by a deferred function: the result the defer sets is
// what the caller gets, so the file is handed on only where it is set.
func openOrClose(name string) (f *os.File, err error) {
	f, err = os.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
			f = nil
		}
	}()
	if fi, serr := f.Stat(); serr != nil || fi.IsDir() {
		return f, errors.New("not a regular file")
	}
	return f, nil
}
