#!/bin/sh
# A large model (over 4 MB, over 100 operators, written by Prunus' own writer) through inspect, prune and generate:
# wall time and peak heap per step, in a JVM limited to 1 GB of heap (the bound; exceeding it fails the run).
# Usage: bench/large-model.sh. Needs the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -nowarn -d "$OUT" -cp "$CP" $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core/pipeline/LargeModelBenchmark.java" 2>&1 | grep -v '^Note:' || true
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/"
java -Xmx1g -cp "$OUT:$CP" dev.prunus.core.pipeline.LargeModelBenchmark
