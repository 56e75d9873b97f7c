#!/usr/bin/env bash
# Behaviour unchanged: every output of every corpus, written by two builds of nianbao, compared
# byte for byte. Used by the renovation (issue 21) before each landing.
#
#   scripts/compare-outputs.sh save   NIANBAO DIR   # write the outputs of NIANBAO into DIR
#   scripts/compare-outputs.sh diff   NIANBAO DIR   # write them again (DIR.new) and diff with DIR
#
# For each corpus (every folder of tests/corpus, tests/cli/across-years, tests/bad_input, and
# /work/shared/corpus/{seeds,field} when present): JSON Lines with --provenance, CSV wide and long,
# a dump of the SQLite database (sqlite3 .dump), `nianbao check` (text and --json, also across
# years) and `nianbao explain` of the first report. Standard error is kept without the timing of
# the summary line.
set -euo pipefail
mode=${1:?save or diff}; bin=$(realpath "${2:?nianbao binary}"); out=${3:?output directory}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
corpora=()
for d in tests/corpus/*/ tests/cli/across-years/ tests/bad_input/; do corpora+=("${d%/}"); done
for d in /work/shared/corpus/seeds /work/shared/corpus/field; do [[ -d $d ]] && corpora+=("$d"); done

target=$out
[[ $mode == diff ]] && target=$out.new
rm -rf "$target"; mkdir -p "$target"
strip_timing() { sed -E 's/\([0-9.]+ s, [0-9]+ reports\/s\)/(T)/'; }
for c in "${corpora[@]}"; do
  name=$(echo "$c" | tr '/' '_')
  o=$target/$name
  mkdir -p "$o"
  "$bin" parse "$c" --provenance -o "$o/out.jsonl" --no-progress 2> >(strip_timing >"$o/parse.err") || echo "exit $?" >"$o/parse.exit"
  "$bin" parse "$c" --csv "$o/wide.csv" --no-progress 2>/dev/null || true
  "$bin" parse "$c" --csv "$o/long.csv" --csv-form long --no-progress 2>/dev/null || true
  rm -f "$o/db.sqlite"
  "$bin" parse "$c" --db "$o/db.sqlite" --no-progress 2>/dev/null || true
  sqlite3 "$o/db.sqlite" .dump | grep -vE "'(created|completed|command_line)'" >"$o/db.dump" || true
  rm -f "$o/db.sqlite"
  "$bin" check "$c" >"$o/check.txt" 2>&1 || echo "exit $?" >>"$o/check.txt"
  "$bin" check "$c" --format json >"$o/check.json" 2>&1 || echo "exit $?" >>"$o/check.json"
  "$bin" check --across-years "$c" >"$o/across.txt" 2>&1 || echo "exit $?" >>"$o/across.txt"
  first=$(find "$c" -maxdepth 1 -name '*.txt' | sort | head -1)
  [[ -n $first ]] && { "$bin" explain "$first" >"$o/explain.txt" 2>&1 || echo "exit $?" >>"$o/explain.txt"; }
done
"$bin" profiles 2>&1 | sed -E "s#\t/[^\t]*/profiles/#\t<data>/profiles/#" >"$target/profiles.txt" || true
if [[ $mode == diff ]]; then
  if diff -r "$out" "$target" >"$target.diff"; then echo "compare-outputs: identical ($(find "$out" -type f | wc -l) files)"
  else echo "compare-outputs: DIFFERENT, see $target.diff"; head -50 "$target.diff"; exit 1; fi
fi
