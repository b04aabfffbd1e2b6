#!/bin/sh
# Accuracy-versus-flash curves of every pruning method on the shared labelled models (with Cortex-M4 instruction
# counts from QEMU at ratios 0 and 0.5 when arm-none-eabi-gcc and qemu-system-arm are installed), the
# pretrainedResnet_quant target runs, and the time of a budgeted person_detect prune.
# Usage: bench/curves.sh [SHARED_DIR] [filter]   filter: part of a model name, "target", "one-layer" or "person_detect"
# (prints Markdown; see docs/benchmarks/pruning.md)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${1:-$ROOT/../shared}
FILTER=${2:-}
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -nowarn -d "$OUT" -cp "$CP" $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core/prune/PruningCurves.java" 2>&1 | grep -v '^Note:' || true
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/c"
exec java -cp "$OUT:$CP" dev.prunus.core.prune.PruningCurves "$SHARED" "$FILTER"
