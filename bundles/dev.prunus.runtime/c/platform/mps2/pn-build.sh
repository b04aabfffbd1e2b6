#!/bin/sh
# Prunus runtime: build a program for QEMU mps2 (Cortex-M4 / Cortex-M7) or for the host.
#
#   pn-build.sh m4|m7|host -o OUT [compiler flags: -I.. -D.. -O..] SOURCE.c...
#
# m4: arm-none-eabi-gcc, mps2-an386 (Cortex-M4F, DSP extension); m7: mps2-an500 (Cortex-M7, DSP extension);
# host: the host's cc (CC overrides). For m4/m7 this folder's startup.c, pn_bench.c and linker script are
# added, with semihosting (printf to the host, exit status to QEMU's). The default optimisation is -O2 (a later
# -O flag wins). CFLAGS from the environment are appended.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ]; then
    echo "usage: $0 m4|m7|host -o OUT [flags] SOURCE.c..." >&2
    exit 2
fi
target=$1
shift
common="-std=c99 -O2 -g -Wall -Wextra -ffunction-sections -fdata-sections"
case "$target" in
m4)
    cc=${ARM_CC:-arm-none-eabi-gcc}
    arch="-mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -mthumb"
    ld="$here/mps2-an386.ld"
    ;;
m7)
    cc=${ARM_CC:-arm-none-eabi-gcc}
    arch="-mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb"
    ld="$here/mps2-an500.ld"
    ;;
host)
    exec ${CC:-cc} $common -I"$here" "$@" ${CFLAGS:-} -lm
    ;;
*)
    echo "$0: unknown target '$target' (expected m4, m7 or host)" >&2
    exit 2
    ;;
esac
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "$0: $cc not found; install the Debian packages gcc-arm-none-eabi libnewlib-arm-none-eabi" >&2
    exit 3
fi
exec "$cc" $arch $common -I"$here" "$@" ${CFLAGS:-} "$here/startup.c" "$here/pn_bench.c" \
    -T "$ld" -nostartfiles --specs=nano.specs --specs=rdimon.specs -Wl,--gc-sections -lm
