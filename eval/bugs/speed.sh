#!/usr/bin/env bash
# Measures leaklint against the floor on large packages of real services
# (bugs/services.tsv) and on the trees of bugs.tsv (the pre-fix tree of
# each distinct package), one run at a time; writes the two reports.
# Export the trees first: go run ./cmd/bugs export -table bugs/services.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
day=$(date -u +%F)
go run ./cmd/bugs speed -table bugs/services.tsv -timeout 20m -out "bugs/speed-services-$day.md" "$@"
go run ./cmd/bugs speed -table bugs/bugs.tsv -timeout 20m -out "bugs/speed-bugs-$day.md" "$@"
