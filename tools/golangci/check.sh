#!/usr/bin/env bash
# Builds golangci-lint v2.15.0 with leaklint's passes as module plugins
# (this directory's module: what `golangci-lint custom` would build, but
# from the module proxy or cache, with no git clone) and runs it on
# testdata/fixture. Checks: one finding per pass, a setting that only the
# plugin's settings enable (closecheck.types), the //nolint:closecheck
# suppression, and that an unknown setting is an error.
set -euo pipefail
cd "$(dirname "$0")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin="$tmp/golangci-lint-leaklint"
# A fresh cache: golangci-lint keys its cache by its own version, not the
# plugins' code, so an old cache would replay old findings.
export GOLANGCI_LINT_CACHE="$tmp/cache"

start=$(date +%s)
go build -o "$bin" .
echo "golangci: built golangci-lint-leaklint in $(( $(date +%s) - start ))s"

fail() { echo "golangci: FAIL: $*"; echo "$out"; exit 1; }

cd testdata/fixture
start=$(date +%s)
status=0
out=$("$bin" run --output.text.print-issued-lines=false ./... 2>&1) || status=$?
echo "golangci: ran on the fixture in $(( $(date +%s) - start ))s, exit $status"
[ "$status" -eq 1 ] || fail "exit $status, want 1 (issues found)"
for want in \
  'app/app.go:15:19: closecheck: f (from os.Open) is not closed on the path returning at app.go:21' \
  'app/app.go:39:21: closecheck: tx (from txdb.DB.Begin) is not released on the path returning at app.go:44; call Commit or Rollback on that path too (closecheck)' \
  'app/app.go:53:15: deferrelease: b from bufs.Get is not put back on the path returning at app.go:55' \
  'app/app.go:66:18: chansend: send on ch (unbuffered, made at app.go:64) can block forever: only one value is received (at app.go:69)'; do
  grep -qF "$want" <<<"$out" || fail "missing: $want"
done
if grep -q 'app/app.go:29:' <<<"$out"; then fail "//nolint:closecheck did not silence app.go:29"; fi
[ "$(grep -c ': closecheck: ' <<<"$out")" -eq 2 ] || fail "want exactly 2 closecheck findings"

# An unknown setting stops the run with an error naming it.
sed 's/^          types:$/          release-method: [Stop]\n          types:/' .golangci.yml >"$tmp/bad.yml"
grep -q 'release-method' "$tmp/bad.yml" || fail "could not write the bad configuration"
status=0
out=$("$bin" run --config "$tmp/bad.yml" ./... 2>&1) || status=$?
[ "$status" -ne 0 ] && [ "$status" -ne 1 ] || fail "unknown setting: exit $status, want an error exit"
grep -qF 'unknown field "release-method"' <<<"$out" || fail "unknown setting: no error naming it"
echo "golangci: ok (closecheck, deferrelease and chansend reported, closecheck.types decoded from settings, //nolint:closecheck honoured, unknown setting rejected)"
