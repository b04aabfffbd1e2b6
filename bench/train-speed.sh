#!/bin/sh
# Training throughput of the float32 engine (dev.prunus.core.train) on ResNet-8 (pretrainedResnet_quant): batch 32,
# forward + backward + Adam update with fake quantization, all cores; images/s and achieved GFLOP/s beside the
# machine's peak. Usage: bench/train-speed.sh [SECONDS] [THREADS]
# Needs the shared models and samples in ../shared (or PRUNUS_SHARED) and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
. "$(dirname "$0")/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT" "$TESTS/train/Cifar.java" "$TESTS/train/TrainBenchmark.java"
CORES=$(nproc)
MHZ=$(awk -F: '/^cpu MHz/ {print $2; exit}' /proc/cpuinfo | tr -d ' ')
MODEL=$(awk -F: '/^model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ //')
if grep -qw avx512f /proc/cpuinfo; then ISA="AVX-512"; elif grep -qw avx2 /proc/cpuinfo; then ISA="AVX2"; else ISA="SSE"; fi
FMA=$(grep -qw fma /proc/cpuinfo && echo yes || echo no)
# Peak: cores x 2 FMA units x 8 float lanes (256-bit) x 2 flops x clock. AVX-512 parts of this class (Zen 4) run
# 512-bit FMAs as two 256-bit halves, so 8 lanes x 2 units is their peak too.
PEAK=$(awk -v c="$CORES" -v m="$MHZ" 'BEGIN {printf "%.0f", c * 2 * 8 * 2 * m / 1000}')
echo "machine: $MODEL, $CORES cores, $ISA, FMA $FMA, clock $MHZ MHz (/proc/cpuinfo)"
echo "peak: $CORES cores x 2 FMA x 8 floats x 2 flops x $MHZ MHz = $PEAK GFLOP/s"
java -version 2>&1 | head -1
java -cp "$OUT:$CP" dev.prunus.core.train.TrainBenchmark "$SHARED" "${1:-20}" "${2:-$CORES}"
