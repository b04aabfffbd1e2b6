#!/usr/bin/env bash
# Runs every test of Prunus: Java (core, command line), OSGi (builder), UI (workbench under Xvfb), and the C
# runtime tests (host gcc with sanitizers, Cortex-M4/M7 under QEMU), against each target platform given
# (default: both supported Eclipse releases, 4.29 and 4.31).
#   releng/test-all.sh [4.29] [4.31]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(4.29 4.31)

missing=()
for tool in java gcc make arm-none-eabi-gcc qemu-system-arm xvfb-run; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-all: missing ${missing[*]}." >&2
  echo "  Install on Debian/Ubuntu: sudo apt-get install openjdk-17-jdk gcc make xvfb xauth libgtk-3-0 \\" >&2
  echo "    gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi qemu-system-arm" >&2
  exit 1
fi

# UI tests need a display: use the caller's, or a virtual one.
run() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s '-screen 0 1280x1024x24' "$@"; fi
}

for target in "${targets[@]}"; do
  echo "== Prunus: all tests against Eclipse $target =="
  start=$(date +%s)
  run ./mvnw -B clean verify "-Dprunus.target=$target"
  # The product must start: a workbench with Prunus installed, screenshot under the product's target folder.
  releng/smoke-workbench.sh
  echo "== Eclipse $target: passed in $(( $(date +%s) - start )) s =="
done
