#!/bin/sh
# Prunus runtime: benchmark of the dense int8 kernels on QEMU (exact executed-instruction counts).
#
#   bench/run-dense.sh [m4|m7|all]      (default: all)
#
# Builds bench/dense/bench_dense.c with arm-none-eabi-gcc -O2 for Cortex-M4 (mps2-an386) and Cortex-M7
# (mps2-an500) through c/platform/mps2/pn-build.sh, runs it under QEMU with -icount shift=7 and prints a
# markdown table per target. Each kernel's output is also checked against the reference implementation.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runtime=$(dirname "$here")
platform="$runtime/c/platform/mps2"
what=${1:-all}
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
work=$(mktemp -d "${TMPDIR:-/tmp}/pn-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
src="$runtime/c/src"
status=0
for target in $targets; do
    case $target in m4) board="Cortex-M4, mps2-an386" ;; m7) board="Cortex-M7, mps2-an500" ;; esac
    "$platform/pn-build.sh" "$target" -O2 -I"$runtime/c/include" -I"$runtime/c-test" -I"$here" \
        -o "$work/bench-dense-$target.elf" "$here/dense/bench_dense.c" "$runtime/c-test/ref_kernels.c" \
        "$src/pn_gemm_s8.c" "$src/pn_conv_s8.c" "$src/pn_conv_s8_1x1.c" "$src/pn_conv_s8_3x3.c" \
        "$src/pn_depthwise_conv_s8.c" "$src/pn_depthwise_conv_s8_3x3.c" "$src/pn_fully_connected_s8.c"
    echo "### $board ($(arm-none-eabi-gcc -dumpversion), -O2)"
    echo
    "$platform/pn-run.sh" "$target" "$work/bench-dense-$target.elf" 600 || status=1
    echo
done
exit $status
