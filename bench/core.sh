#!/bin/sh
# Speed and memory of the core on the shared models: reading into the IR (warm time, heap beyond the file) and the
# reference interpreter (warm ms per inference, GMAC/s). Usage: bench/core.sh [SECONDS_PER_MODEL]
# Needs the shared models in ../shared (or PRUNUS_SHARED) and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
. "$(dirname "$0")/lib.sh"
CP=$CP:$JUNIT_CP
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/testing/SharedData.java" "$TESTS/testing/SharedModels.java" "$TESTS/tflite/ReadBenchmark.java" "$TESTS/interp/InterpreterBenchmark.java"
cd "$ROOT/bundles/dev.prunus.core"   # SharedData finds ../shared from here
echo "== reading models into the IR =="
java -cp "$OUT:$CP" dev.prunus.core.tflite.ReadBenchmark
echo "== reference interpreter =="
java -cp "$OUT:$CP" dev.prunus.core.interp.InterpreterBenchmark "${1:-3}"
