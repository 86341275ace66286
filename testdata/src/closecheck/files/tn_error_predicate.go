package files

import (
	"errors"
	"io/fs"
	"os"
)

// os.IsNotExist(err) is true only for a non-nil error.
func removeIfPresent(name string) error {
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

func errorsIsNotExist(name string) error {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}
