#!/usr/bin/env bash
# Exports the two trees of every row of bugs.tsv from git snapshots
# ($LEAKLINT_MIRRORS/owner+name/repo) to $LEAKLINT_BUGS (default
# ../leaklint-bugs beside the checkout). Arguments go to `bugs export`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./cmd/bugs export "$@"
