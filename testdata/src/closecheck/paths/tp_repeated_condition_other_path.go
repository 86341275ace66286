package paths

import "os"

// Another test in between does not make the second one decide a path
// that returns early.
func maybeLoggedEarly(path string, logging, quick bool) error {
	var f *os.File
	if logging {
		var err error
		f, err = os.Create(path) // want `closecheck: f \(from os.Create\) is not closed on the path returning at tp_repeated_condition_other_path.go:17`
		if err != nil {
			return err
		}
	}
	if quick {
		return nil
	}
	if logging {
		f.Close()
	}
	return nil
}
