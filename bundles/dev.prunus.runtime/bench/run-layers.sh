#!/bin/sh
# Prunus runtime: every kernel on the real layer shapes of the shared models, for the planner's cost model.
#
#   bench/run-layers.sh [m4|m7] [--raw]      (default: m4)
#
# Builds bench/layers/bench_layers.c with arm-none-eabi-gcc -O2 for Cortex-M4 (mps2-an386) or Cortex-M7
# (mps2-an500), runs it under QEMU with -icount shift=7 (exact executed-instruction counts) and prints, through
# bench/layers/CostCheck.java, a markdown table of measured instructions against dev.prunus.core.pack.CostModel's
# estimate per layer with the error, the worst error and the whole-model figures. --raw prints the measured lines
# only (no Java needed). The estimate needs the core classes: the command line's jars, built by ./prunus on first
# use (PRUNUS_CP overrides the class path). docs/benchmarks/cost-model.md records the m4 output.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runtime=$(dirname "$here")
root=$(cd "$runtime/../.." && pwd)
platform="$runtime/c/platform/mps2"
target=${1:-m4}
raw=${2:-}
case "$target" in m4 | m7) ;; *) echo "usage: $0 [m4|m7] [--raw]" >&2; exit 2 ;; esac
for tool in arm-none-eabi-gcc qemu-system-arm; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "$tool not found: install the Debian packages gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm" >&2
        exit 3
    fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pn-bench-layers.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
src="$runtime/c/src"
"$platform/pn-build.sh" "$target" -O2 -I"$runtime/c/include" -I"$here" -o "$work/bench-layers.elf" \
    "$here/layers/bench_layers.c" "$src/pn_convolve_filterlet_s8.c" "$src/pn_convolve_1x1_block_s8.c" \
    "$src/pn_block_gemm_s8.c" "$src/pn_gemm_s8.c" "$src/pn_conv_s8.c" "$src/pn_conv_s8_3x3.c" \
    "$src/pn_conv_s8_1x1.c" "$src/pn_depthwise_conv_s8.c" "$src/pn_depthwise_conv_s8_3x3.c" \
    "$src/pn_fully_connected_s8.c" "$src/pn_add_s8.c" "$src/pn_avgpool_s8.c" "$src/pn_softmax_s8.c"
status=0
"$platform/pn-run.sh" "$target" "$work/bench-layers.elf" 900 >"$work/measured.txt" || status=1
if [ "$raw" = "--raw" ]; then
    cat "$work/measured.txt"
    exit $status
fi
cp=${PRUNUS_CP:-}
if [ -z "$cp" ]; then
    "$root/prunus" --help >/dev/null
    cp="$root/releng/dev.prunus.cli/target/lib/*"
fi
echo "### Cortex-$(echo "$target" | tr m M), $(arm-none-eabi-gcc -dumpversion) -O2: measured vs CostModel"
echo
java -cp "$cp" "$here/layers/CostCheck.java" "$target" "$root" <"$work/measured.txt" || status=1
exit $status
