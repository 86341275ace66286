// Package wrappers holds closecheck cases about values whose Close
// releases nothing the caller owns.
package wrappers

import (
	"bytes"
	"io"
	"os"
)

// Image is an object file read from an io.ReaderAt; Close closes the file
// only when Open opened it.
type Image struct {
	r      io.ReaderAt
	closer io.Closer
}

func (i *Image) Close() error {
	if i.closer != nil {
		return i.closer.Close()
	}
	return nil
}

// NewImage wraps a reader the caller keeps.
func NewImage(r io.ReaderAt) (*Image, error) { return &Image{r: r}, nil }

// Open opens a file and owns it.
func Open(name string) (*Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	img, err := NewImage(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	img.closer = f
	return img, nil
}

// A helper that builds an image over bytes: nothing to close.
func fromBytes(b []byte) (*Image, error) {
	ra := bytes.NewReader(b)
	return NewImage(ra)
}

func useFromBytes(b []byte) bool {
	img, err := fromBytes(b)
	if err != nil {
		return false
	}
	return img.r != nil
}

// An in-memory file whose Close does nothing.
type memFile struct {
	data []byte
	off  int
}

func (f *memFile) Read(p []byte) (int, error) {
	n := copy(p, f.data[f.off:])
	f.off += n
	return n, nil
}

func (f *memFile) Close() error { return nil }

func openMem(b []byte) (io.ReadCloser, error) { return &memFile{data: b}, nil }

func useMem(b []byte) error {
	rc, err := openMem(b)
	if err != nil {
		return err
	}
	_, err = io.ReadAll(rc)
	return err
}

// Open's images own a file: not closing them leaks it.
func useOpen(name string) bool {
	img, err := Open(name) // want `closecheck: img \(from Open\) is not closed on the path returning at wrappers.go:\d+`
	if err != nil {
		return false
	}
	return img.r != nil
}
