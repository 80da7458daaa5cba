#!/usr/bin/env bash
# Builds (installing what is missing) and runs every test with ctest; extra args go to ctest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
ctest --test-dir "${BUILD_DIR:-$ROOT/build}" --output-on-failure -j"$(nproc)" "$@"
