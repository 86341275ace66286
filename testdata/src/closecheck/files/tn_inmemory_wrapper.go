package files

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
)

// A wrapper over a buffer the caller does not need to close: closing it
// releases nothing the caller holds.
func gzipIntoBuffer(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return nil
	}
	zw.Close()
	return buf.Bytes()
}

func gzipReaderOverBytes(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func maxBytesOverNopCloser(data []byte) error {
	rc := http.MaxBytesReader(nil, io.NopCloser(bytes.NewReader(data)), 10)
	_, err := io.ReadAll(rc)
	return err
}
