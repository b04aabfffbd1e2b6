#!/bin/sh
# KWT-1 quantized by Prunus (float32 audio front end up to LOG, int8 transformer) on the 720 shared Speech Commands
# clips: calibrated on the even-numbered clips (360) and scored on the odd ones (held out), the even ones and all
# 720, then calibrated on all 720; against the float model's top-1 (docs/benchmarks/quantization.md).
#   bench/kwt1-int8.sh [METHOD [SETS]]   METHOD: min-max (default), percentile, mse, averaged; SETS: both (default),
#                                        even or all. About 4 minutes per set on the shared 2-core host; run it
#                                        under the build lock.
# Needs the jars in ~/.m2 (./mvnw verify fetched them) and ../shared (or PRUNUS_SHARED).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
SHARED=${PRUNUS_SHARED:-$ROOT/../shared}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
T=$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core
javac -nowarn -d "$OUT" -cp "$CP" $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$T/quantize/Kwt1Int8Benchmark.java" 2>&1 | grep -v '^Note:' || true
java -cp "$OUT:$CP" dev.prunus.core.quantize.Kwt1Int8Benchmark "$SHARED" "${1:-min-max}" "${2:-both}"
