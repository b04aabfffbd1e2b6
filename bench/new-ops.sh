#!/bin/sh
# Instructions per inference of the kernels issue 15 added (LEAKY_RELU, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR,
# EXPAND_DIMS, SUB, SQUARED_DIFFERENCE, MAXIMUM, STRIDED_SLICE, GATHER, RSQRT, HARD_SWISH, SPLIT, PACK, BATCH_MATMUL), one
# operator per program at the shapes of ../shared/models/extra and KWT-1, then id_model whole,
# on Cortex-M4 or M7 under QEMU (exact counts; every run is checked bit-exact with the interpreter).
#   bench/new-ops.sh [m4|m7]
# Needs arm-none-eabi-gcc, qemu-system-arm and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORE=${1:-m4}
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
T=$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core
javac -nowarn -d "$OUT" -cp "$CP" $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$T/testing/TinyGraph.java" "$T/ops/NewOperatorsBenchmark.java" 2>&1 | grep -v '^Note:' || true
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/c"
(cd "$OUT/c" && find include src platform -type f | sort > runtime-files.txt)
SHARED=${PRUNUS_SHARED:-$ROOT/../shared}
ID_MODEL=$SHARED/models/extra/id_model.tflite
echo "### Cortex-$(echo "$CORE" | tr m M) ($(arm-none-eabi-gcc -dumpversion 2>/dev/null || echo '?'), -O2)"
echo
if [ -f "$ID_MODEL" ]; then
    java -cp "$OUT:$CP" dev.prunus.core.ops.NewOperatorsBenchmark "$CORE" "$ID_MODEL"
else
    java -cp "$OUT:$CP" dev.prunus.core.ops.NewOperatorsBenchmark "$CORE"
fi
