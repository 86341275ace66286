package files

import "os"

// Closed under a flag set right after the acquisition (nats filestore's
// syncFile): on every path that opened the file the flag is true, so each
// `if didOpen` closes it.
type block struct {
	mfd *os.File
	mfn string
}

func (mb *block) syncFile() error {
	fd, didOpen := mb.mfd, false
	if fd == nil {
		var err error
		fd, err = os.OpenFile(mb.mfn, os.O_RDWR, 0o644)
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		didOpen = true
	}
	if err := fd.Sync(); err != nil {
		if didOpen {
			_ = fd.Close()
		}
		return err
	}
	if didOpen {
		return fd.Close()
	}
	return nil
}

// The same with the test negated.
func (mb *block) syncFileBorrowed() error {
	fd, borrowed := mb.mfd, true
	if fd == nil {
		var err error
		fd, err = os.OpenFile(mb.mfn, os.O_RDWR, 0o644)
		if err != nil {
			return err
		}
		borrowed = false
	}
	err := fd.Sync()
	if !borrowed {
		fd.Close()
	}
	return err
}
