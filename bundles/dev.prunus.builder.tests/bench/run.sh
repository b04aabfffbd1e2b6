#!/bin/sh
# Prints the builder benchmark figures (BENCH lines) that docs/benchmarks/builder.md records.
# Runs BuilderBenchmark in the headless OSGi test runtime; real models are read in place from ../shared
# (override with PRUNUS_SHARED=DIR). Usage, from the repository root: bundles/dev.prunus.builder.tests/bench/run.sh
set -eu
cd "$(dirname "$0")/../../.."
shared=${PRUNUS_SHARED:-$(pwd)/../shared}
# SettingsIOTest is listed because the core module fails a build in which none of its own tests ran.
./mvnw -B -o verify -pl bundles/dev.prunus.builder.tests -am \
    -Dtest=BuilderBenchmark,SettingsIOTest -Dsurefire.failIfNoSpecifiedTests=false -Dprunus.shared="$shared" \
    -Dprunus.ctest.targets=host \
    | grep 'BENCH'
