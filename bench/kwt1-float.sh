#!/bin/sh
# KWT-1 (float32, 612 operators) in Prunus' float evaluator on the 720 shared Speech Commands clips, against the
# desktop TFLite 2.6.2 outputs shared in samples/reference_outputs: argmax agreement, top-1, largest differences.
#   bench/kwt1-float.sh          (about 2 minutes on the shared 2-core host; run it under the build lock)
# Needs the jars in ~/.m2 (./mvnw verify fetched them) and ../shared (or PRUNUS_SHARED).
set -eu
. "$(dirname "$0")/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/quantize/Kwt1Clips.java" "$TESTS/quantize/Kwt1FloatBenchmark.java"
java -cp "$OUT:$CP" dev.prunus.core.quantize.Kwt1FloatBenchmark "$SHARED"
