#!/bin/sh
# Top-1 accuracy of ResNet-8 (pretrainedResnet_quant) with the bit-exact interpreter on the shared CIFAR-10 data,
# read the way users hold it: the training PNG folder (5,438 images; the shared README gives 5,045) and the test
# images as uint8 records with labels.csv (TFLite Micro: 414/466). Prints the eval reports and the time taken.
# Usage: bench/eval.sh   (needs ../shared or PRUNUS_SHARED, and ./prunus built: ./mvnw -B verify -DskipTests)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${PRUNUS_SHARED:-$ROOT/../shared}
MODEL=$SHARED/models/mlperf_tiny/pretrainedResnet_quant.tflite
S=$SHARED/samples
echo "== cifar10 test images 0-465 (uint8 records + labels.csv) =="
time "$ROOT/prunus" eval "$MODEL" --data "$S/cifar10/cifar10_test_0000-0465_u8_nhwc.bin" --raw-type uint8 \
    --labels "$S/cifar10/labels.csv"
echo "== cifar10-train PNG folder =="
time "$ROOT/prunus" eval "$MODEL" --data "$S/cifar10-train"
