#!/bin/sh
# Prunus runtime: benchmark of the sparse int8 kernels on QEMU (exact executed-instruction counts).
#
#   bench/run-sparse.sh [m4|m7|all]      (default: m4)
#
# Builds bench/sparse/bench_sparse.c with arm-none-eabi-gcc -O2 for Cortex-M4 (mps2-an386) and/or Cortex-M7
# (mps2-an500) through c/platform/mps2/pn-build.sh, runs it under QEMU with -icount shift=7 and prints markdown
# tables: the filterlet-sparse 3x3 convolution, the block-sparse fully connected layer and 1x1 convolution at several pruning
# levels, against the dense kernels on the same zero-filled weights (outputs must be bit-exact) and against
# CMSIS-NN's reference figures. The output of the m4 run is what docs/benchmarks/sparse-kernels.md records.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runtime=$(dirname "$here")
platform="$runtime/c/platform/mps2"
what=${1:-m4}
case "$what" in
m4 | m7) targets=$what ;;
all) targets="m4 m7" ;;
*)
    echo "usage: $0 [m4|m7|all]" >&2
    exit 2
    ;;
esac
for tool in arm-none-eabi-gcc qemu-system-arm; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "$tool not found: install the Debian packages gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm" >&2
        exit 3
    fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pn-bench-sparse.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
src="$runtime/c/src"
status=0
for target in $targets; do
    case $target in m4) board="Cortex-M4, mps2-an386" ;; m7) board="Cortex-M7, mps2-an500" ;; esac
    "$platform/pn-build.sh" "$target" -O2 -I"$runtime/c/include" -I"$here" \
        -o "$work/bench-sparse-$target.elf" "$here/sparse/bench_sparse.c" \
        "$src/pn_convolve_filterlet_s8.c" "$src/pn_block_gemm_s8.c" "$src/pn_fully_connected_block_s8.c" \
        "$src/pn_convolve_1x1_block_s8.c" "$src/pn_gemm_s8.c" "$src/pn_conv_s8_3x3.c" "$src/pn_conv_s8_1x1.c" \
        "$src/pn_fully_connected_s8.c"
    echo "### $board ($(arm-none-eabi-gcc -dumpversion), -O2), executed instructions"
    echo
    "$platform/pn-run.sh" "$target" "$work/bench-sparse-$target.elf" 900 || status=1
    echo
done
exit $status
