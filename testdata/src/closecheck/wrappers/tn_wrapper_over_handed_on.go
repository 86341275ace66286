package wrappers

import (
	"io"
	"os"
)

// The file is returned to the caller as the closer; the image parsed from
// it owns nothing the caller must close separately.
func openSection(name string) (r io.Reader, closer io.Closer, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	closer = f
	img, err := NewImage(f)
	if err != nil {
		return nil, closer, err
	}
	return io.NewSectionReader(img.r, 0, 10), closer, nil
}

// Two ends of an in-memory pipe, paired: nothing to close.
type duplex struct {
	*io.PipeReader
	*io.PipeWriter
}

func (d *duplex) Close() error {
	d.PipeReader.Close()
	return d.PipeWriter.Close()
}

func newDuplex() *duplex {
	r, w := io.Pipe()
	return &duplex{r, w}
}

func useDuplex() {
	d := newDuplex()
	go d.Write([]byte("x"))
	d.Read(make([]byte, 1))
}
