package files

import (
	"bufio"
	"errors"
	"os"
)

// A file wrapped in a local bufio.Writer is still this function's to
// close: the wrapper has no Close and goes nowhere.
func writeLines(name string, lines []string) error {
	f, err := os.Create(name) // want `closecheck: f \(from os.Create\) is not closed on the path returning at tp_file_in_bufio.go:19`
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		if l == "" {
			return errors.New("empty line")
		}
		w.WriteString(l + "\n")
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Fixed: closed on every path.
func writeLinesClosed(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, l := range lines {
		if l == "" {
			return errors.New("empty line")
		}
		w.WriteString(l + "\n")
	}
	return w.Flush()
}

// The reader over the file is kept with the file in a struct the caller
// closes.
type lineReader struct {
	f *os.File
	r *bufio.Reader
}

func (l *lineReader) Close() error { return l.f.Close() }

func openLines(name string) (*lineReader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return &lineReader{f: f, r: bufio.NewReader(f)}, nil
}

// A writer that owns its file and buffers it: the buffered writer over the
// file does not make the struct a view of something nobody owns.
type fileWriter struct {
	f    *os.File
	fbuf *bufio.Writer
}

func (w *fileWriter) Close() error { return w.f.Close() }

func newFileWriter(name string) (*fileWriter, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return &fileWriter{f: f, fbuf: bufio.NewWriterSize(f, 1<<16)}, nil
}

func writeIndex(dir string) error {
	f, err := newFileWriter(dir + "/index") // want `closecheck: f \(from newFileWriter\) is not closed on the path returning at tp_file_in_bufio.go:\d+`
	if err != nil {
		return err
	}
	fp, err := newFileWriter(dir + "/postings")
	if err != nil {
		return err
	}
	fp.Close()
	return f.Close()
}
