#!/bin/sh
# The demo's figures and wall time (issue 13): remakes nothing, runs `./prunus demo` into a fresh folder (the launcher
# builds the command line first when its sources changed; that build is not timed) and prints its before/after
# table, then `prunus inspect` of the dense model (the maker's flash figure). Usage: bench/demo.sh [OUT_DIR]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$(mktemp -d)/prunus-demo}
"$ROOT/prunus" --version >/dev/null            # build first, outside the timing
rm -rf "$OUT"
START=$(date +%s)
"$ROOT/prunus" demo --out "$OUT"
END=$(date +%s)
echo "wall time of prunus demo: $((END - START)) s (JVM start included, build excluded)"
"$ROOT/prunus" inspect "$OUT/digits.tflite" | tail -1
