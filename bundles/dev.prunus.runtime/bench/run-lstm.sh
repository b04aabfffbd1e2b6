#!/bin/sh
# Prunus runtime: pn_lstm_s8 on a few sequence shapes under QEMU (exact instruction counts), for the cost
# model's LSTM estimate (CostModel#lstm; fit and errors in docs/benchmarks/cost-model.md).
#
#   bench/run-lstm.sh [m4|m7]      (default: m4)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runtime=$(dirname "$here")
platform="$runtime/c/platform/mps2"
target=${1:-m4}
case "$target" in m4 | m7) ;; *) echo "usage: $0 [m4|m7]" >&2; exit 2 ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/pn-bench-lstm.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
"$platform/pn-build.sh" "$target" -O2 -I"$runtime/c/include" -I"$here" -o "$work/bench-lstm.elf" \
    "$here/lstm/bench_lstm.c" "$runtime/c/src/pn_lstm_s8.c"
"$platform/pn-run.sh" "$target" "$work/bench-lstm.elf" 300
