#!/usr/bin/env bash
# Runs leaklint on every exported tree of bugs.tsv and writes
# bugs/results.md. Arguments go to `bugs run` (-only ids|passes, -timeout).
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./cmd/bugs run "$@"
