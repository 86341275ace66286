// Package files holds closecheck cases about os files.
package files

import "os"

// os.Create leaked when Write fails.
func writeFile(name string, data []byte) error {
	f, err := os.Create(name) // want `closecheck: f \(from os.Create\) is not closed on the path returning at tp_create_write_fails.go:1[23]; add "defer f.Close\(\)" after the error check`
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Close()
}
