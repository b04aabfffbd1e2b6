#!/bin/sh
# KWT-1 quantized by Prunus (float32 audio front end, int8 transformer) as generated C: N held-out Speech Commands
# clips run on the host and under QEMU, int8 outputs compared byte for byte with the interpreter, instructions per
# inference, flash and arena (docs/benchmarks/quantization.md, KWT-1).
#   bench/kwt1-c.sh [TARGETS [N]]   TARGETS: host m7 (default "host m7"); N clips (default 4). Run it under the
#                                   build lock. Needs the jars in ~/.m2 (./mvnw verify fetched them) and ../shared.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
SHARED=${PRUNUS_SHARED:-$ROOT/../shared}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
T=$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core
javac -nowarn -d "$OUT/classes" -cp "$CP" $(find "$ROOT/bundles/dev.prunus.core/src/main/java" \
    "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') "$T/codegen/Kwt1CBenchmark.java" 2>&1 \
    | grep -v '^Note:' || true
# the runtime's C files as the bundle ships them (resources under c/, with their index)
mkdir -p "$OUT/runtime" && cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/runtime/"
(cd "$OUT/runtime/c" && find include src platform -type f | sort > runtime-files.txt)
for target in ${1:-host m7}; do
    java -cp "$OUT/classes:$OUT/runtime:$CP" dev.prunus.core.codegen.Kwt1CBenchmark "$SHARED" "$target" "${2:-4}" "$OUT"
done
