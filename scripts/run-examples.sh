#!/usr/bin/env bash
# Sets up (packages + build) and runs nianbao over the bundled example reports.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
"$here/scripts/setup.sh" "$build"
"$build/cli/nianbao" parse "$here"/examples/reports/*.txt
