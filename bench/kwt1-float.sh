#!/bin/sh
# KWT-1 (float32, 612 operators) in Prunus' float evaluator on the 720 shared Speech Commands clips, against the
# desktop TFLite 2.6.2 outputs shared in samples/reference_outputs: argmax agreement, top-1, largest differences.
#   bench/kwt1-float.sh          (about 2 minutes on the shared 2-core host; run it under the build lock)
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
    "$T/quantize/Kwt1FloatBenchmark.java" 2>&1 | grep -v '^Note:' || true
java -cp "$OUT:$CP" dev.prunus.core.quantize.Kwt1FloatBenchmark "$SHARED"
