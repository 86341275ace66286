// Package fix holds closecheck cases whose suggested fix adds a deferred
// close after the error check.
package fix

import "os"

func afterErrorCheck(name string) ([]byte, error) {
	f, err := os.Open(name) // want `closecheck: f \(from os.Open\) is not closed on the path returning at fix.go:\d+; add "defer f.Close\(\)" after the error check`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 16)
	if _, err := f.Read(buf); err != nil {
		return nil, err
	}
	return buf, nil
}

func noErrorCheck(name string) int {
	f, _ := os.Open(name) // want `closecheck: f \(from os.Open\) is not closed on the path returning at fix.go:\d+; add "defer f.Close\(\)" after the error check`
	st, _ := f.Stat()
	return int(st.Size())
}

func nested(name string, ok bool) {
	if ok {
		f, err := os.Create(name) // want `closecheck: f \(from os.Create\) is not closed`
		if err != nil {
			return
		}
		f.WriteString("x")
	}
}

// Handed on on some path: no fix is offered (a defer would close what the
// cache keeps).
var cache = map[string]*os.File{}

func sometimesKept(name string, keep bool) error {
	f, err := os.Open(name) // want `closecheck: f \(from os.Open\) is not closed on the path returning at fix.go:\d+; close it on that path too`
	if err != nil {
		return err
	}
	if keep {
		cache[name] = f
		return nil
	}
	return nil
}

// In a loop: a defer would wait for the function, so no fix is offered.
func inLoop(names []string) {
	for _, n := range names {
		f, err := os.Open(n) // want `closecheck: f \(from os.Open\) is not closed before the loop reaches os.Open again`
		if err != nil {
			continue
		}
		f.Stat()
	}
}
