#!/usr/bin/env bash
# Starts the Prunus workbench built by ./mvnw verify (a plain Eclipse with Prunus installed) on a sample
# workspace that holds the demo project of `prunus demo`: the int8 digit classifier, real MNIST digits (training
# and test) and its settings file (digits.prunus.json), so right-clicking digits.tflite gives the demo's numbers.
# Under Xvfb when there is no display.
#   releng/start-workbench.sh [WORKSPACE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="$root/releng/dev.prunus.product/target/products/dev.prunus.workbench/linux/gtk/x86_64"
if [ ! -d "$product/plugins" ]; then
  echo "start-workbench: no product at $product; build it first: ./mvnw -B verify -DskipTests" >&2
  exit 1
fi
workspace="${1:-$root/target/sample-workspace}"
mkdir -p "$workspace/demo"
# Every start: the model and digits are brought up to date (unchanged bytes stay untouched); an edited settings
# file is kept.
"$root/prunus" demo --files-only --out "$workspace/demo" >/dev/null
if [ ! -f "$workspace/demo/.project" ]; then
  cat > "$workspace/demo/.project" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<projectDescription>
	<name>demo</name>
	<comment>Prunus sample project</comment>
	<projects/>
	<buildSpec/>
	<natures/>
</projectDescription>
XML
fi
PRUNUS_WORKBENCH_ARGS=(${PRUNUS_WORKBENCH_ARGS:-})
launcher=$(ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)
cmd=(java -jar "$launcher" -data "$workspace" "${PRUNUS_WORKBENCH_ARGS[@]}")
echo "start-workbench: workspace $workspace; first time, add the sample with File > Import > Existing Projects > $workspace/demo" >&2
cd "$product"
if [ -n "${DISPLAY:-}" ]; then exec "${cmd[@]}"; else exec xvfb-run -a -s '-screen 0 1280x1024x24' "${cmd[@]}"; fi
