#!/bin/sh
# Post-training quantization of the shared float models (docs/benchmarks/quantization.md): pretrainedResnet's
# top-1 on the 466 cifar10 test images as float, as the official int8 twin and as quantized by Prunus (calibrated
# on cifar10-train), with times; vww_96_float against its twin. Usage: bench/quantize.sh [SUBSETS]
# (SUBSETS > 0 also scores that many random 500-image calibration sets per method, about 15 s each).
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
    "$T/testing/SharedData.java" "$T/quantize/CifarImages.java" "$T/quantize/QuantizationBenchmark.java" 2>&1 | grep -v '^Note:' || true
cd "$ROOT/bundles/dev.prunus.core"   # SharedData finds ../shared from here
/usr/bin/time -f "total: %e s wall, %M KB peak RSS" java -Djava.awt.headless=true -cp "$OUT:$CP" \
    dev.prunus.core.quantize.QuantizationBenchmark "${1:-0}"
