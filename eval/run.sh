#!/usr/bin/env bash
# Runs leaklint over the pinned corpus (see cmd/evalrun) and writes
# results/summary.md and results/findings-*.txt. Needs only Go and the Go
# module proxy. Takes a long time: pass -runs 1 or -modules to narrow it.
#
#   eval/run.sh                       # every module, 3 alternating runs
#   eval/run.sh -runs 1 -modules raft,sarama -skip staticcheck,vet
set -euo pipefail
cd "$(dirname "$0")"
export GOFLAGS=-mod=mod
exec go run ./cmd/evalrun "$@"
