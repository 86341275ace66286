package files

import (
	"compress/gzip"
	"os"
)

// A wrapper over a file this function owns: the file went into the gzip
// writer, so the gzip writer must be closed (and it is not, on one path).
func gzipIntoFile(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := gzip.NewWriter(f) // want `closecheck: zw \(from gzip.NewWriter\) is not closed on the path returning at tp_wrapper_over_owned.go:18`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}
