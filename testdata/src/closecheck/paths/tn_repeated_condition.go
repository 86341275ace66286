package paths

import "os"

// The same condition tested twice: a path that opened the file under the
// first test closes it under the second.
func maybeLogged(path string, logging bool) error {
	var f *os.File
	if logging {
		var err error
		f, err = os.Create(path)
		if err != nil {
			return err
		}
	}
	work()
	if logging {
		f.Close()
	}
	return nil
}

type tracer struct{ out *os.File }

// The same field compared twice.
func (t *tracer) run(path string) error {
	var f *os.File
	if t.out == nil {
		var err error
		f, err = os.Create(path)
		if err != nil {
			return err
		}
	}
	work()
	if t.out == nil {
		return f.Close()
	}
	return nil
}

func work() {}
