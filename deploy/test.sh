#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (ctest), which starts and removes
# its own throwaway PostgreSQL cluster.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/deploy/install-deps.sh"
"$here/deploy/build.sh"
build="${CASEBRIDGE_BUILD_DIR:-$here/build}"
exec ctest --test-dir "$build" --output-on-failure -j "${CASEBRIDGE_JOBS:-$(nproc)}" "$@"
