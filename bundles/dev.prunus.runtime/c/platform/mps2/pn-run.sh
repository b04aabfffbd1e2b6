#!/bin/sh
# Prunus runtime: run a program built by pn-build.sh and return its exit status.
#
#   pn-run.sh m4|m7|host PROGRAM [TIMEOUT_SECONDS]
#
# m4 runs on QEMU mps2-an386, m7 on mps2-an500, both with -icount shift=7,align=off,sleep=off so that
# pn_bench.h counts executed instructions exactly. The default time limit is 300 s (exit status 124 on expiry).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 m4|m7|host PROGRAM [TIMEOUT_SECONDS]" >&2
    exit 2
fi
target=$1
program=$2
limit=${3:-300}
case "$target" in
m4) machine=mps2-an386 ;;
m7) machine=mps2-an500 ;;
host) exec timeout "$limit" "$program" ;;
*)
    echo "$0: unknown target '$target' (expected m4, m7 or host)" >&2
    exit 2
    ;;
esac
if ! command -v qemu-system-arm >/dev/null 2>&1; then
    echo "$0: qemu-system-arm not found; install the Debian package qemu-system-arm" >&2
    exit 3
fi
exec timeout "$limit" qemu-system-arm -M "$machine" -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -icount shift=7,align=off,sleep=off -kernel "$program"
