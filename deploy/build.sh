#!/usr/bin/env bash
# Configures (once) and builds everything into build/, using every core of the machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CASEBRIDGE_BUILD_DIR:-$here/build}"
jobs="${CASEBRIDGE_JOBS:-$(nproc)}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
echo "Building CaseBridge in $build (-j$jobs); the first build takes several minutes ..."
cmake --build "$build" -j "$jobs"
