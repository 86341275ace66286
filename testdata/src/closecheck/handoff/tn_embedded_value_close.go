package handoff

import "errors"

// A Close promoted from an embedded struct value: SSA calls it on the
// field's address, as net.TCPConn's Close (from net.conn).
type conn struct{ fd int }

func (c *conn) Close() error { c.fd = -1; return nil }

type TCPConn struct {
	conn
}

func accept(ok bool) (*TCPConn, error) {
	if !ok {
		return nil, errTimeout
	}
	return &TCPConn{conn{fd: 3}}, nil
}

var errTimeout = errors.New("timeout")

func acceptOrTimeout(ok bool) {
	if c, err := accept(ok); err != nil {
		println(err.Error())
	} else {
		c.Close()
	}
}
