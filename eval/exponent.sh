#!/usr/bin/env bash
# Reads one pass's `go test -bench .` output (its benchmark and
# BenchmarkFloor) on stdin and prints, per shape, how time and allocations
# grow with N: the exponent k in cost ~ N^k between consecutive sizes (1 is
# linear), for the pass, for the SSA floor, and for the pass's own share
# (its cost minus the floor's).
#
#   go test -run '^$' -bench . -benchtime=5x ./passes/closecheck/ | eval/exponent.sh
#   go test -run '^$' -bench . -benchtime=5x ./passes/deferrelease/ | eval/exponent.sh
set -euo pipefail
awk '
/^Benchmark[A-Za-z]+\// {
  split($1, part, "/"); kind = part[1]; sub(/^Benchmark/, "", kind)
  if (kind ~ /^Floor/) kind = "Floor"; else kind = "Pass"
  shape = part[2]; n = part[3]; sub(/^N=/, "", n); sub(/-[0-9]+$/, "", n)
  for (i = 2; i <= NF; i++) {
    if ($(i) == "ns/op") ns[kind, shape, n] = $(i-1)
    if ($(i) == "B/op") by[kind, shape, n] = $(i-1)
  }
  shapes[shape] = 1; sizes[n] = 1
}
function k(a, b, n1, n2) { return (a > 0 && b > 0) ? log(b / a) / log(n2 / n1) : "n/a" }
END {
  m = 0
  for (x in sizes) ns_sorted[++m] = x + 0
  for (i = 2; i <= m; i++)  # insertion sort: mawk has no asorti
    for (j = i; j > 1 && ns_sorted[j-1] > ns_sorted[j]; j--) {
      t = ns_sorted[j]; ns_sorted[j] = ns_sorted[j-1]; ns_sorted[j-1] = t
    }
  printf "%-11s %-13s %9s %9s %9s %9s %9s %9s\n", "shape", "N", "pass time", "pass bytes", "ssa time", "ssa bytes", "own time", "own bytes"
  for (s in shapes) {
    for (i = 2; i <= m; i++) {
      n1 = ns_sorted[i-1]; n2 = ns_sorted[i]
      ct = k(ns["Pass", s, n1], ns["Pass", s, n2], n1, n2)
      cb = k(by["Pass", s, n1], by["Pass", s, n2], n1, n2)
      ft = k(ns["Floor", s, n1], ns["Floor", s, n2], n1, n2)
      fb = k(by["Floor", s, n1], by["Floor", s, n2], n1, n2)
      ot = k(ns["Pass", s, n1] - ns["Floor", s, n1], ns["Pass", s, n2] - ns["Floor", s, n2], n1, n2)
      ob = k(by["Pass", s, n1] - by["Floor", s, n1], by["Pass", s, n2] - by["Floor", s, n2], n1, n2)
      printf "%-11s %-13s %9s %9s %9s %9s %9s %9s\n", s, n1 "->" n2, f(ct), f(cb), f(ft), f(fb), f(ot), f(ob)
    }
  }
}
function f(x) { return (x == "n/a") ? x : sprintf("%.2f", x) }
'
