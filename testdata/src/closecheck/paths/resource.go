// Package paths holds closecheck cases about control flow: which paths
// reach an exit with the resource still held.
package paths

import "errors"

// Conn is a resource: open returns it owned and it must be closed.
type Conn struct {
	addr   string
	closed bool
}

func open(addr string) (*Conn, error) {
	if addr == "" {
		return nil, errors.New("no address")
	}
	return &Conn{addr: addr}, nil
}

func (c *Conn) Close() error         { c.closed = true; return nil }
func (c *Conn) Ping() error          { return nil }
func (c *Conn) Write(b []byte) error { return nil }

func check(string) error { return nil }
