package files

import (
	"compress/gzip"
	"crypto/tls"
	"net"
	"os"
)

// A TLS client over a raw connection this function owns: the raw conn went
// into the TLS conn, so the TLS conn must be closed (not on one path here).
func tlsHandshake(addr string, cfg *tls.Config) error {
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	conn := tls.Client(raw, cfg) // want `closecheck: conn \(from tls.Client\) is not closed on the path returning at tp_wrapper_over_owned.go:19`
	if err := conn.Handshake(); err != nil {
		return err
	}
	return conn.Close()
}

// The raw conn is closed by defer: the wrapper holds nothing more.
func tlsHandshakeRawDeferred(addr string, cfg *tls.Config) error {
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer raw.Close()
	conn := tls.Client(raw, cfg)
	return conn.Handshake()
}

// The file is closed by defer; the gzip writer's Close only flushes.
func gzipIntoFile(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}
