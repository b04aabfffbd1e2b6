#!/bin/sh
# Coverage-guided fuzzing (Jazzer + libFuzzer) of every reader that takes a user's file, each target for a set time,
# seeded with the committed regression inputs and the shared files. Prints executions, coverage (libFuzzer's edge
# count "cov" and feature count "ft") and findings per target. A finding (any exception other than a typed Prunus
# error, an input running over 1 s, memory over the limit) is saved under bundles/dev.prunus.core/target/fuzz/
# findings/ and makes the script fail; copy it into the target's ...FuzzTestInputs folder once fixed.
# Usage: bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (targets: model settings npy npz csv rawRecords
# imageFolder wavFolder; default all, 60 s each). Needs the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${M2_REPO:-$HOME/.m2/repository}
SECONDS_PER=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-model settings npy npz csv rawRecords imageFolder wavFolder}
SHARED=${PRUNUS_SHARED:-$ROOT/../shared}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
for j in com/code-intelligence/jazzer/0.24.0/jazzer-0.24.0.jar com/code-intelligence/jazzer-api/0.24.0/jazzer-api-0.24.0.jar \
         com/code-intelligence/jazzer-junit/0.24.0/jazzer-junit-0.24.0.jar org/junit/jupiter/junit-jupiter-api/5.10.3/junit-jupiter-api-5.10.3.jar \
         org/junit/platform/junit-platform-commons/1.10.3/junit-platform-commons-1.10.3.jar org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar \
         org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar; do
    CP=$CP:$M2/$j
done
CORE=$ROOT/bundles/dev.prunus.core
WORK=$CORE/target/fuzz
CLASSES=$(mktemp -d)
SEEDS=$(mktemp -d)
trap 'rm -rf "$CLASSES" "$SEEDS"' EXIT
javac -nowarn -d "$CLASSES" -cp "$CP" $(find "$CORE/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$CORE/src/test/java/dev/prunus/core/fuzz/FuzzTargets.java" "$CORE/src/test/java/dev/prunus/core/fuzz/FuzzMain.java" \
    2>&1 | grep -v "^Note:" || true
[ -f "$CLASSES/dev/prunus/core/fuzz/FuzzMain.class" ] || { echo "fuzz.sh: compiling the fuzz targets failed" >&2; exit 1; }
cp -r "$ROOT/bundles/dev.prunus.runtime/c" "$CLASSES/"
mkdir -p "$WORK/findings"
INPUTS=$CORE/src/test/resources/dev/prunus/core/fuzz

# Shared files that seed a target (links, small enough to mutate quickly); none when ../shared is missing.
seed() {
    dir=$SEEDS/$1; mkdir -p "$dir"; shift
    [ -d "$SHARED" ] || return 0
    find "$@" -type f -size -256k 2>/dev/null | head -200 | while read -r f; do
        ln -sf "$f" "$dir/$(echo "$f" | tr '/' '_')"
    done
}
seed model "$SHARED/models" -name '*.tflite'
seed csv "$SHARED/samples" -name '*.csv'
seed rawRecords "$SHARED/samples/inputs" -name '*.s8'
seed imageFolder "$SHARED/samples/mnist" "$SHARED/samples/vww" "$SHARED/samples/person_detect" -name '*.[pjbg]*'
seed wavFolder "$SHARED/samples/micro_speech" "$SHARED/samples/speech_commands" -name '*.wav'
for t in settings npy npz; do mkdir -p "$SEEDS/$t"; done

status=0
printf '%-12s %6s %12s %8s %6s %6s  %s\n' target seconds executions exec/s cov ft findings
for t in $TARGETS; do
    case $t in
        model|settings) class=$(echo "$t" | sed 's/^model$/ModelReader/; s/^settings$/SettingsReader/')FuzzTest ;;
        *) class=DataReaderFuzzTest ;;
    esac
    corpus=$WORK/corpus/$t
    mkdir -p "$corpus"
    maxlen=65536
    [ "$t" = model ] && maxlen=262144
    log=$WORK/$t.log
    if ! (cd "$WORK" && java -Xmx1g -Dprunus.fuzz.target="$t" -cp "$CLASSES:$CP" com.code_intelligence.jazzer.Jazzer \
            --target_class=dev.prunus.core.fuzz.FuzzMain --keep_going=50 --instrumentation_includes='dev.prunus.**' \
            -max_total_time="$SECONDS_PER" -timeout=1 -rss_limit_mb=2048 -max_len=$maxlen \
            -artifact_prefix="$WORK/findings/$t-" "$corpus" "$INPUTS/${class}Inputs/$t" "$SEEDS/$t" >"$log" 2>&1); then
        status=1
    fi
    done_line=$(grep -a 'DONE ' "$log" | tail -1)
    runs=$(grep -a '^Done [0-9]* runs' "$log" | tail -1 | awk '{print $2}')
    cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    found=$(ls "$WORK/findings" | grep -c "^$t-" || true)
    printf '%-12s %6s %12s %8s %6s %6s  %s\n' "$t" "$SECONDS_PER" "${runs:-?}" \
        "$(( ${runs:-0} / (SECONDS_PER > 0 ? SECONDS_PER : 1) ))" "${cov:-?}" "${ft:-?}" "$found"
done
[ $status -eq 0 ] || echo "findings: see $WORK/findings and the logs $WORK/<target>.log" >&2
exit $status
