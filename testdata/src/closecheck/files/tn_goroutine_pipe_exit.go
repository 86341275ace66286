package files

import (
	"compress/flate"
	"io"
	"net"
	"os"
)

type server struct{ handled int }

// serve only uses the listener, but it runs in a goroutine that outlives
// the function: the goroutine owns the listener now.
func (s *server) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.handled++
		c.Close()
	}
}

func startServer(s *server) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go s.serve(ln)
	return nil
}

func startServerClosure(s *server) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { s.serve(ln) }()
	return nil
}

// In-memory pipes are not tracked: an unclosed end leaks only when a peer
// blocks on it.
func pipes() {
	pr, pw := io.Pipe()
	go pw.Write([]byte("x"))
	pr.Read(make([]byte, 1))
	c1, c2 := net.Pipe()
	go c1.Write([]byte("x"))
	c2.Read(make([]byte, 1))
}

// A function that defers os.Exit never returns.
func childMain() {
	defer os.Exit(0)
	f := os.NewFile(3, "inherited")
	f.Write([]byte("ready"))
}

// A compressor writing to nothing holds nothing.
func compressorOverNil() error {
	zw, err := flate.NewWriter(nil, flate.BestSpeed)
	if err != nil {
		return err
	}
	zw.Reset(io.Discard)
	return nil
}
