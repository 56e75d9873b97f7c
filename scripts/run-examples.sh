#!/usr/bin/env bash
# The first run: installs what is missing, builds the nianbao command (only it), and parses the
# bundled example reports and archive (GBK member names, GB18030, UTF-16, CRLF, a .tar.gz inside
# the .zip). Prints one row per report and writes the full records, as JSON Lines, CSV and
# SQLite, into one folder.
# Usage: scripts/run-examples.sh [BUILD_DIR]   (default: build; outputs in BUILD_DIR/example-output)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${1:-$here/build}")"
"$here/scripts/setup.sh" "$build" nianbao
out="$(realpath -m --relative-to="$here" "$build/example-output")"
cd "$here"
mkdir -p "$out"
echo
"$build/cli/nianbao" parse --format=table examples/reports/*.txt examples/archive/reports-mixed.zip \
  -o "$out/reports.jsonl" --csv "$out/reports.csv" --db "$out/reports.sqlite"
