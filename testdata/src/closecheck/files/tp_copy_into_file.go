package files

import (
	"io"
	"os"
)

// io.Copy uses the file as an io.Writer only while it runs: it keeps
// nothing, so the error return still holds the file.
func download(name string, r io.Reader) error {
	f, err := os.Create(name) // want `closecheck: f \(from os.Create\) is not closed on the path returning at tp_copy_into_file.go:16; add "defer f.Close\(\)" after the error check`
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		return err
	}
	return f.Close()
}

// The fixed twin closes it on the error path.
func downloadFixed(name string, r io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// A source file handed to io.Copy is still the caller's to close.
func copyFrom(dst io.Writer, name string) error {
	src, err := os.Open(name) // want `closecheck: src \(from os.Open\) is not closed on the path returning at tp_copy_into_file.go:41; add "defer src.Close\(\)" after the error check`
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return err
}
