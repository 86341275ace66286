// Package cgo checks that a cgo package, whose files the analyzer sees as
// cmd/cgo's generated output, is still checked as the user's code.
package cgo

// #include <unistd.h>
import "C"

import "os"

func Pid() int { return int(C.getpid()) }

func statOnly(name string) int64 {
	f, err := os.Open(name) // want `closecheck: f \(from os.Open\) is not closed on the path returning at cgo.go:\d+`
	if err != nil {
		return 0
	}
	st, _ := f.Stat()
	return st.Size()
}

func suppressed(name string) {
	f, _ := os.Open(name) //nolint:closecheck
	f.Stat()
}
