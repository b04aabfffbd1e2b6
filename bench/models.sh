#!/bin/sh
# Prunus: whole-model benchmark of the generated C on Cortex-M4 and Cortex-M7 (QEMU, exact instruction counts).
#
#   bench/models.sh [m4|m7|all]        (default: all; needs ../shared or PRUNUS_SHARED)
#
# For every shared model with golden TFLite-Micro outputs, runs `prunus validate --on <core>` over all records
# (bit-exactness against the interpreter is checked on every record) and prints a markdown table: instructions
# per inference, instructions per MAC, flash (code + constants) and RAM (arena + stack high-water mark) from the
# linked image, and whether the arena equals the planner's figure. PRUNUS overrides the command (default ./prunus).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PRUNUS_SHARED:-$root/../shared}
prunus=${PRUNUS:-$root/prunus}
what=${1:-all}
case "$what" in m4 | m7) cores=$what ;; all) cores="m4 m7" ;; *) echo "usage: $0 [m4|m7|all]" >&2; exit 2 ;; esac
[ -d "$shared/models" ] || { echo "$0: shared models not found at $shared (set PRUNUS_SHARED)" >&2; exit 3; }
models="mlperf_tiny/pretrainedResnet_quant:pretrainedResnet_quant__cifar10
mlperf_tiny/vww_96_int8:vww_96_int8__vww
tflm/person_detect:person_detect__person_detect
mlperf_tiny/ad01_int8:ad01_int8__anomaly
tflm/micro_speech_quantized:micro_speech_quantized__micro_speech
mlperf_tiny/str_ww_ref_model:str_ww_ref_model__sww
tflm/trained_lstm_int8:trained_lstm_int8__mnist_tflm"
for core in $cores; do
    echo "### Cortex-$(echo "$core" | tr m M) ($(arm-none-eabi-gcc -dumpversion 2>/dev/null || echo '?'), -O2)"
    echo
    echo "| model | records (bit-exact) | instructions / inference | MACs | instructions / MAC | code B | constants B | flash B | arena B | planner arena B | stack B | RAM B |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    echo "$models" | while IFS=: read -r path set; do
        model="$shared/models/$path.tflite"
        # --reset-each: the golden records are independent samples (their TFLM runs reset the LSTM state)
        out=$("$prunus" validate "$model" --inputs "$shared/samples/inputs/$set.s8" --on "$core" --reset-each 2>&1) || {
            echo "| $(basename "$path") | FAILED: $(echo "$out" | tail -1) |"; continue; }
        plan=$("$prunus" inspect "$model" | sed -n 's/.*arena \([0-9,]*\) B.*/\1/p' | tr -d ,)
        echo "$out" | awk -v name="$(basename "$path")" -v plan="$plan" '
            /^bit-exact records:/ { split($3, a, "/"); exact = $3; total = $5 }
            /^instructions per inference:/ { ins = $4; macs = $(NF - 1); gsub(/\(/, "", macs); ipm = $(NF - 4) }
            /^code / { code = $2; cons = $7; arena = $10; stack = $16 }
            END { printf "| %s | %s (%s) | %s | %s | %s | %s | %s | %d | %s | %s | %s | %d |\n", name, total, exact,
                  ins, macs, ipm, code, cons, code + cons, arena, plan, stack, arena + stack }'
    done
    echo
done
