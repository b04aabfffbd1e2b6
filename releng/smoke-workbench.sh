#!/usr/bin/env bash
# Starts the built workbench product under Xvfb, waits until it is up, saves a screenshot, and fails when it does
# not start or logs an error from a Prunus bundle. Output: releng/dev.prunus.product/target/workbench.png
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/releng/dev.prunus.product/target"
workspace="$out/smoke-workspace"
rm -rf "$workspace"
log="$out/workbench-console.log"
display_num=$(( 90 + RANDOM % 100 ))
Xvfb ":$display_num" -screen 0 1280x1024x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app 2>/dev/null || true; kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=":$display_num" PRUNUS_WORKBENCH_ARGS="-consoleLog" "$root/releng/start-workbench.sh" "$workspace" >"$log" 2>&1 &
app=$!
# The workbench is up once it has written its working sets (done when the window opens).
for _ in $(seq 1 90); do
  sleep 1
  kill -0 "$app" 2>/dev/null || { echo "smoke: the workbench exited early:" >&2; cat "$log" >&2; exit 1; }
  [ -f "$workspace/.metadata/.plugins/org.eclipse.ui.workbench/workingsets.xml" ] && break
done
sleep 8
if command -v import >/dev/null 2>&1; then
  DISPLAY=":$display_num" import -window root "$out/workbench.png"
elif command -v xwd >/dev/null 2>&1; then
  DISPLAY=":$display_num" xwd -root -silent > "$out/workbench.xwd"
fi
if grep -n "dev.prunus" "$workspace/.metadata/.log" 2>/dev/null | grep -qi "error"; then
  echo "smoke: a Prunus bundle logged an error:" >&2; cat "$workspace/.metadata/.log" >&2; exit 1
fi
[ -f "$workspace/.metadata/.plugins/org.eclipse.ui.workbench/workingsets.xml" ] || { echo "smoke: the workbench did not start in 90 s" >&2; cat "$log" >&2; exit 1; }
echo "smoke: workbench started; screenshot in $out"
