package files

import "os"

// The error of two acquisitions in two branches, checked once.
func errMergedAtPhi(name string, create bool) error {
	var f *os.File
	var err error
	if create {
		f, err = os.Create(name)
	} else {
		f, err = os.Open(name)
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// Only the success path does work; the error is returned after the merge.
func errCheckedOnSuccess(name string, create bool) (string, error) {
	var f *os.File
	var err error
	if create {
		f, err = os.Create(name)
	} else {
		f, err = os.Open(name)
	}
	if err == nil {
		f.WriteString("x")
		f.Close()
	}
	return "", err
}

// A closure assigns the enclosing function's err, then checks it.
func errOfEnclosingFunction(name string) (err error) {
	truncate := func(size int64) error {
		var f *os.File
		f, err = os.OpenFile(name, os.O_RDWR, 0)
		if err == nil {
			defer f.Close()
		}
		if f == nil {
			return nil
		}
		return f.Truncate(size)
	}
	defer func() { err = truncate(0) }()
	return nil
}
