#!/usr/bin/env bash
# Runs snapshotguard over state machines built on hashicorp/raft, pinned in
# raftusers/go.mod (vault's physical/raft, weaviate's cluster, dapr's
# placement), and writes results/findings-raftusers.txt with the wall time
# and peak memory of each. Needs only Go and the Go module proxy.
#
#   eval/raftusers.sh
set -euo pipefail
cd "$(dirname "$0")/raftusers"
export GOFLAGS=-mod=mod LEAKLINT_DEBUG_PANICS=1
bin="$(mktemp -d)/leaklint"
(cd ../.. && go build -o "$bin" ./cmd/leaklint)
modcache="$(go env GOMODCACHE)/"
out=../results/findings-raftusers.txt
: > "$out"
for p in github.com/hashicorp/vault/physical/raft/... github.com/weaviate/weaviate/cluster/... github.com/dapr/dapr/pkg/placement/raft; do
	echo "== $p" | tee -a "$out"
	{ /usr/bin/time -f "%e s wall, %M KB peak RSS" "$bin" -closecheck=false -deferrelease=false -chansend=false -test=false "$p" 2>&1 || true; } |
		grep -v '	the other access$' | sed "s|$modcache||" | tee -a "$out"
done
