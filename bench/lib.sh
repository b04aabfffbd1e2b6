# Sourced by the bench scripts: where things are, the core's class path and its one compile step.
# Needs the jars `./mvnw verify` fetched into ~/.m2 (or M2_REPO), and ../shared (or PRUNUS_SHARED) for the data.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${PRUNUS_SHARED:-$ROOT/../shared}
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
# For benchmarks that share helpers with the tests (SharedData uses JUnit's assumptions).
JUNIT_CP=$M2/org/junit/jupiter/junit-jupiter-api/5.10.3/junit-jupiter-api-5.10.3.jar:$M2/org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar
# The core's test sources, where the benchmark mains live.
TESTS=$ROOT/bundles/dev.prunus.core/src/test/java/dev/prunus/core

# bench_compile DIR SOURCE...: the core's and the runtime's sources plus the given test sources, compiled into DIR.
bench_compile() {
    bench_dir=$1
    shift
    mkdir -p "$bench_dir"
    javac -nowarn -d "$bench_dir" -cp "$CP" \
        $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
        "$@" 2>&1 | grep -v '^Note:' || true
}
