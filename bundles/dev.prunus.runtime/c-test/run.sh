#!/bin/sh
# Prunus runtime: build and run the C unit tests.
#
#   c-test/run.sh [host|m4|m7|all]      (default: all)
#
# Every c-test/test_*.c and c-test/*/test_*.c is one test program. It is linked with the other (non-test) .c
# files of its folder and with the runtime sources it names on a line "PN_TEST_SOURCES: a.c b.c" (file names
# in c/src; "(none)" for none); without such a line, with every c/src/*.c.
#   host: cc -std=c99 -Wall -Wextra -Werror -fsanitize=address,undefined (portable C paths)
#   m4:   arm-none-eabi-gcc -O2, QEMU mps2-an386 (Cortex-M4, DSP paths)
#   m7:   arm-none-eabi-gcc -O2, QEMU mps2-an500 (Cortex-M7, DSP paths)
# Exits non-zero if any program fails to build or run. Missing cross tools: those targets are skipped with the
# Debian packages to install, and the exit status reflects the host run only.
set -u
here=$(cd "$(dirname "$0")" && pwd)
runtime=$(dirname "$here")
src="$runtime/c/src"
platform="$runtime/c/platform/mps2"
what=${1:-all}
case "$what" in
host) targets="host" ;;
m4) targets="m4" ;;
m7) targets="m7" ;;
all) targets="host m4 m7" ;;
*)
    echo "usage: $0 [host|m4|m7|all]" >&2
    exit 2
    ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/pn-c-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

tests=$(ls "$here"/test_*.c "$here"/*/test_*.c 2>/dev/null | sort)
if [ -z "$tests" ]; then
    echo "no test programs found under $here" >&2
    exit 1
fi

sources_for() { # $1 = test file: prints the runtime sources and folder helpers to link
    dir=$(dirname "$1")
    line=$(grep -m1 -o 'PN_TEST_SOURCES:.*' "$1" | sed 's/PN_TEST_SOURCES://; s/\*\/.*//')
    if [ -n "$line" ]; then
        for s in $line; do
            [ "$s" = "(none)" ] || echo "$src/$s"
        done
    else
        ls "$src"/*.c
    fi
    for h in "$dir"/*.c; do
        case "$(basename "$h")" in test_*) ;; *) echo "$h" ;; esac
    done
}

total_pass=0
total_fail=0
failed_list=""
host_failed=0
skipped=""
for target in $targets; do
    if [ "$target" != host ]; then
        missing=""
        command -v arm-none-eabi-gcc >/dev/null 2>&1 || missing="gcc-arm-none-eabi libnewlib-arm-none-eabi"
        command -v qemu-system-arm >/dev/null 2>&1 || missing="$missing qemu-system-arm"
        if [ -n "$missing" ]; then
            echo "== $target: SKIPPED, install the Debian packages: $missing"
            skipped="$skipped $target"
            continue
        fi
    fi
    echo "== $target"
    for t in $tests; do
        name=$(basename "$t" .c)
        rel=${t#"$here"/}
        dir=$(dirname "$t")
        srcs=$(sources_for "$t")
        exe="$work/$target-$(echo "$rel" | tr '/' '_' | sed 's/\.c$//')"
        log="$exe.log"
        incs="-I$runtime/c/include -I$dir -I$here"
        if [ "$target" = host ]; then
            # shellcheck disable=SC2086
            ${CC:-cc} -std=c99 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
                -fno-sanitize-recover=all $incs -o "$exe" "$t" $srcs -lm >"$log" 2>&1
        else
            # shellcheck disable=SC2086
            "$platform/pn-build.sh" "$target" -Werror $incs -o "$exe" "$t" $srcs >"$log" 2>&1
        fi
        if [ $? -ne 0 ]; then
            echo "BUILD FAILED $target $rel"
            sed 's/^/    /' "$log" | head -40
            total_fail=$((total_fail + 1))
            failed_list="$failed_list $target:$rel"
            [ "$target" = host ] && host_failed=1
            continue
        fi
        "$platform/pn-run.sh" "$target" "$exe" 600 >"$log" 2>&1
        rc=$?
        summary=$(grep -E "^$name: " "$log" | tail -1)
        if [ $rc -eq 0 ]; then
            echo "pass $target $rel  ${summary:-}"
            total_pass=$((total_pass + 1))
        else
            echo "FAIL $target $rel (exit status $rc)"
            grep -v '^ok ' "$log" | sed 's/^/    /' | head -40
            total_fail=$((total_fail + 1))
            failed_list="$failed_list $target:$rel"
            [ "$target" = host ] && host_failed=1
        fi
    done
done
echo "== summary: $total_pass passed, $total_fail failed${skipped:+, skipped targets:$skipped}"
if [ $total_fail -ne 0 ]; then
    echo "failed:$failed_list"
    exit 1
fi
[ $host_failed -eq 0 ] || exit 1
exit 0
