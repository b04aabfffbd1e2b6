#!/bin/sh
# Accuracy of pruning while training (issue 12): ResNet-8 (pretrainedResnet_quant) pruned while training on
# ../shared/samples/cifar10-train only (validation: 10 % of it), measured with the interpreter (bit-exact with the
# generated C) on the shared CIFAR-10 test images 0-465, never used for training or choosing.
# Usage: bench/accuracy.sh [METHOD] [RATIO] [EPOCHS] [LEARNING_RATE] [INSTRUCTIONS]
#   (default filterlet 0.6 12 0.004). INSTRUCTIONS, a fraction of the dense model's M4 instructions (e.g. 0.6),
#   sets that budget: RATIO is then the least fraction of prunable weights removed, layers allocated by sensitivity.
# Long: run it as `nice -n 10 bench/accuracy.sh` (holding the build lock blocks other engineers for its length).
set -eu
. "$(dirname "$0")/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_compile "$OUT/classes" "$TESTS/pipeline/AccuracyBenchmark.java"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1)"
java -cp "$OUT/classes:$ROOT/bundles/dev.prunus.runtime:$CP" dev.prunus.core.pipeline.AccuracyBenchmark "$SHARED" \
    "${1:-filterlet}" "${2:-0.6}" "${3:-12}" "${4:-0.004}" "$OUT/run" "${5:-}"
