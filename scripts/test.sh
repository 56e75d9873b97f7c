#!/usr/bin/env bash
# Sets up (packages + build) and runs every test through CTest.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
"$here/scripts/setup.sh" "$build"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
