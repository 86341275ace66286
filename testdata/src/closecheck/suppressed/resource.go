// Package suppressed holds closecheck cases about suppression directives
// and generated files.
package suppressed

type Conn struct{ closed bool }

func open(string) (*Conn, error) { return &Conn{}, nil }

func (c *Conn) Close() error { c.closed = true; return nil }
func (c *Conn) Ping() error  { return nil }
