#!/bin/sh
# Accuracy-versus-flash curves of every pruning method on the shared labelled models (with Cortex-M4 instruction
# counts from QEMU at ratios 0 and 0.5 when arm-none-eabi-gcc and qemu-system-arm are installed), the
# pretrainedResnet_quant target runs, and the time of a budgeted person_detect prune.
# Usage: bench/curves.sh [SHARED_DIR] [filter]   filter: part of a model name, "target", "one-layer" or "person_detect"
# (prints Markdown; see docs/benchmarks/pruning.md)
set -eu
. "$(dirname "$0")/lib.sh"
SHARED=${1:-$ROOT/../shared}
FILTER=${2:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/prune/PruningCurves.java"
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/c"
exec java -cp "$OUT:$CP" dev.prunus.core.prune.PruningCurves "$SHARED" "$FILTER"
