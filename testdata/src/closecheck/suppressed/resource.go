// Package suppressed holds closecheck cases about suppression directives
// and generated files.
package suppressed

type Conn struct{}

func open(string) (*Conn, error) { return &Conn{}, nil }

func (c *Conn) Close() error { return nil }
func (c *Conn) Ping() error  { return nil }
