package files

import "os"

// The flag does not help a path that never tests it.
func (mb *block) syncFileEarlyReturn(stat bool) error {
	fd, didOpen := mb.mfd, false
	if fd == nil {
		var err error
		fd, err = os.OpenFile(mb.mfn, os.O_RDWR, 0o644) // want `closecheck: fd \(from os.OpenFile\) is not closed on the path returning at tp_flag_untested_path.go:\d+`
		if err != nil {
			return err
		}
		didOpen = true
	}
	if stat {
		return nil
	}
	if didOpen {
		return fd.Close()
	}
	return nil
}
