#!/bin/sh
# A large model (over 4 MB, over 100 operators, written by Prunus' own writer) through inspect, prune and generate:
# wall time and peak heap per step, in a JVM limited to 1 GB of heap (the bound; exceeding it fails the run).
# Usage: bench/large-model.sh. Needs the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
. "$(dirname "$0")/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/pipeline/LargeModelBenchmark.java"
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$OUT/"
java -Xmx1g -cp "$OUT:$CP" dev.prunus.core.pipeline.LargeModelBenchmark
