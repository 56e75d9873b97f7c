#!/usr/bin/env bash
# Writes the HTML report of the seeds and 兴和县's second year (tests/compare), and a screenshot of
# it taken by headless Chromium (apt-get install chromium), to look at before a release:
#
#   scripts/report-screenshot.sh [OUT_DIR]     (default: build/report-screenshot)
#
# The page needs no network: Chromium runs with everything that would reach out turned off.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/build/report-screenshot}
mkdir -p "$out"
"$here/build/cli/nianbao" report "$out/report.html" "$here/tests/corpus/seeds" "$here/tests/compare" -j 2
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1200,4000 --screenshot="$out/report.png" "file://$out/report.html" 2>/dev/null
echo "$out/report.html, $out/report.png"
