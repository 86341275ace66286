// Package twice is leaky with a test file, whose test variant reports
// the same two findings again.
package twice

import (
	"example.com/gate/errors"
	"example.com/gate/os"
)

func Size(name string) (int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		return 0, errors.New("a directory")
	}
	f.Close()
	return st.Size(), nil
}

func Exists(name string) bool {
	f, err := os.Open(name)
	return err == nil && f != nil
}
