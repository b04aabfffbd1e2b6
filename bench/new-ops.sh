#!/bin/sh
# Instructions per inference of the kernels issue 15 added (LEAKY_RELU, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR,
# EXPAND_DIMS, SUB, SQUARED_DIFFERENCE, MAXIMUM, STRIDED_SLICE, GATHER, RSQRT, HARD_SWISH, SPLIT, PACK, BATCH_MATMUL), one
# operator per program at the shapes of ../shared/models/extra and KWT-1, then id_model whole,
# on Cortex-M4 or M7 under QEMU (exact counts; every run is checked bit-exact with the interpreter).
#   bench/new-ops.sh [m4|m7]
# Needs arm-none-eabi-gcc, qemu-system-arm and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
. "$(dirname "$0")/lib.sh"
CORE=${1:-m4}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/testing/TinyGraph.java" "$TESTS/ops/NewOperatorsBenchmark.java"
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/c"
(cd "$OUT/c" && find include src platform -type f | sort > runtime-files.txt)
ID_MODEL=$SHARED/models/extra/id_model.tflite
echo "### Cortex-$(echo "$CORE" | tr m M) ($(arm-none-eabi-gcc -dumpversion 2>/dev/null || echo '?'), -O2)"
echo
if [ -f "$ID_MODEL" ]; then
    java -cp "$OUT:$CP" dev.prunus.core.ops.NewOperatorsBenchmark "$CORE" "$ID_MODEL"
else
    java -cp "$OUT:$CP" dev.prunus.core.ops.NewOperatorsBenchmark "$CORE"
fi
