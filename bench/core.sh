#!/bin/sh
# Speed and memory of the core on the shared models: reading into the IR (warm time, heap beyond the file) and the
# reference interpreter (warm ms per inference, GMAC/s). Usage: bench/core.sh [SECONDS_PER_MODEL]
# Needs the shared models in ../shared (or PRUNUS_SHARED) and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
CP=$CP:$M2/org/junit/jupiter/junit-jupiter-api/5.10.3/junit-jupiter-api-5.10.3.jar:$M2/org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
T=$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core
javac -nowarn -d "$OUT" -cp "$CP" $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$T/testing/SharedData.java" "$T/testing/SharedModels.java" "$T/tflite/ReadBenchmark.java" "$T/interp/InterpreterBenchmark.java" 2>&1 | grep -v '^Note:' || true
cd "$ROOT/bundles/dev.prunus.core"   # SharedData finds ../shared from here
echo "== reading models into the IR =="
java -cp "$OUT:$CP" dev.prunus.core.tflite.ReadBenchmark
echo "== reference interpreter =="
java -cp "$OUT:$CP" dev.prunus.core.interp.InterpreterBenchmark "${1:-3}"
