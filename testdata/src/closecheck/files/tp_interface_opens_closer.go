package files

import (
	"context"
	"errors"
	"io"
)

// A storage backend behind an interface: what Read opens, with its
// error, is the caller's to close.
type rawReader interface {
	Read(ctx context.Context, name string) (io.ReadCloser, int64, error)
	Body() io.ReadCloser // a getter: nothing opened for the caller
}

func readIndex(ctx context.Context, r rawReader, tenant string) ([]byte, error) {
	rc, size, err := r.Read(ctx, tenant+"/index") // want `closecheck: rc \(from Read\) is not closed on the path returning at tp_interface_opens_closer.go:23; add "defer rc.Close\(\)" after the error check`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(rc, buf); err != nil {
		return nil, err
	}
	if len(buf) == 0 {
		return nil, errors.New("empty index")
	}
	return buf, rc.Close()
}

// Fixed: closed when the function returns.
func readIndexClosed(ctx context.Context, r rawReader, tenant string) ([]byte, error) {
	rc, size, err := r.Read(ctx, tenant+"/index")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, size)
	if _, err := io.ReadFull(rc, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// Handed to the caller, through a helper.
func openIndex(ctx context.Context, r rawReader, tenant string) (io.ReadCloser, error) {
	rc, _, err := r.Read(ctx, tenant+"/index")
	return rc, err
}

func useOpenIndex(ctx context.Context, r rawReader) error {
	rc, err := openIndex(ctx, r, "t") // want `closecheck: rc \(from openIndex\) is not closed on the path returning at tp_interface_opens_closer.go:5[0-9]`
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, rc)
	return err
}

// A getter's reader is not opened for the caller.
func peekBody(r rawReader) error {
	b := r.Body()
	_, err := io.ReadAll(b)
	return err
}
