#!/usr/bin/env bash
# Configures (once) and builds everything into build/, using both cores of a small machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CASEBRIDGE_BUILD_DIR:-$here/build}"
jobs="${CASEBRIDGE_JOBS:-$(nproc)}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
echo "Building CaseBridge in $build (-j$jobs) ..."
cmake --build "$build" -j "$jobs" | grep -vE '^\[[0-9]+/[0-9]+\] (Building|Linking|Generating|protoc|Embedding)' || true
# grep filters progress lines; the build's own status decides.
cmake --build "$build" -j "$jobs" >/dev/null
