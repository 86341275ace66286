// Package leaky has two findings: a file left open on two error paths,
// and one on the only path.
package leaky

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
