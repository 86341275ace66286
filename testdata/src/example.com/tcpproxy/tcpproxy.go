// Package tcpproxy is shaped like etcd's gateway proxy: a struct with no
// Close that holds a listener and serves it until it is closed.
package tcpproxy

import "net"

// TCPProxy forwards connections accepted on Listener.
type TCPProxy struct {
	Listener net.Listener
	served   int
}

// Run serves until the listener is closed; the goroutines it starts keep
// the proxy (and so the listener) in use.
func (p *TCPProxy) Run() error {
	for {
		c, err := p.Listener.Accept()
		if err != nil {
			return err
		}
		go p.serve(c)
	}
}

func (p *TCPProxy) serve(c net.Conn) {
	p.served++
	c.Close()
}

// Stop closes the listener.
func (p *TCPProxy) Stop() { p.Listener.Close() }
