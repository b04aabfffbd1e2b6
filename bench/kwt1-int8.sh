#!/bin/sh
# KWT-1 quantized by Prunus (float32 audio front end up to LOG, int8 transformer) on the 720 shared Speech Commands
# clips: calibrated on the even-numbered clips (360) and scored on the odd ones (held out), the even ones and all
# 720, then calibrated on all 720; against the float model's top-1 (docs/benchmarks/quantization.md).
#   bench/kwt1-int8.sh [METHOD [SETS]]   METHOD: min-max (default), percentile, mse, averaged; SETS: both (default),
#                                        even or all. About 4 minutes per set on the shared 2-core host; run it
#                                        under the build lock.
# Needs the jars in ~/.m2 (./mvnw verify fetched them) and ../shared (or PRUNUS_SHARED).
set -eu
. "$(dirname "$0")/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/quantize/Kwt1Clips.java" "$TESTS/quantize/Kwt1Int8Benchmark.java"
java -cp "$OUT:$CP" dev.prunus.core.quantize.Kwt1Int8Benchmark "$SHARED" "${1:-min-max}" "${2:-both}"
