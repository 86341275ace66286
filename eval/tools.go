//go:build tools

// The corpus: real services heavy in gRPC clients and streams, pools,
// channels and raft state machines. These imports keep their modules (and
// staticcheck, timed beside leaklint) in go.mod; run.sh lists the
// buildable packages of each.
package eval

import (
	_ "github.com/IBM/sarama"
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/hashicorp/raft"
	_ "github.com/nats-io/nats-server/v2/server"
	_ "github.com/prometheus/prometheus/tsdb"
	_ "go.etcd.io/etcd/client/v3"
	_ "go.etcd.io/etcd/server/v3/etcdserver"
	_ "google.golang.org/grpc"
	_ "honnef.co/go/tools/cmd/staticcheck"
	_ "k8s.io/client-go/kubernetes"
)
