package handoff

import (
	"net"

	"example.com/tcpproxy"
)

// The listener goes into a proxy from another package that has no Close;
// the proxy's Run keeps it serving: a hand-off, not a leak (etcd's
// gateway). A summary that forgets that Run keeps its receiver reports it.
func serveGateway(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	tp := tcpproxy.TCPProxy{Listener: l}
	return tp.Run()
}
