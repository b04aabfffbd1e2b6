#!/bin/sh
# Post-training quantization of the shared float models (docs/benchmarks/quantization.md): pretrainedResnet's
# top-1 on the 466 cifar10 test images as float, as the official int8 twin and as quantized by Prunus (calibrated
# on cifar10-train), with times; vww_96_float against its twin. Usage: bench/quantize.sh [SUBSETS]
# (SUBSETS > 0 also scores that many random 500-image calibration sets per method, about 15 s each).
# Needs the shared models in ../shared (or PRUNUS_SHARED) and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
. "$(dirname "$0")/lib.sh"
CP=$CP:$JUNIT_CP
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/testing/SharedData.java" "$TESTS/quantize/CifarImages.java" "$TESTS/quantize/QuantizationBenchmark.java"
cd "$ROOT/bundles/dev.prunus.core"   # SharedData finds ../shared from here
/usr/bin/time -f "total: %e s wall, %M KB peak RSS" java -Djava.awt.headless=true -cp "$OUT:$CP" \
    dev.prunus.core.quantize.QuantizationBenchmark "${1:-0}"
