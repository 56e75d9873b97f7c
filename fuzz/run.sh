#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for a fixed time, one after the other.
#
#   fuzz/run.sh                 # 7 s per target (~1 min in all for the 8 targets): the fuzz.short test
#   fuzz/run.sh 600             # 10 min per target (~80 min): the longer run, before a release
#   fuzz/run.sh 60 fuzz_peg     # only some targets
#   fuzz/run.sh --replay        # no fuzzing: every target once over its seeds and over
#                               # fuzz/regressions/<target>/ (the fuzz.replay test)
#
# Environment:
#   BUILD     build directory (default build-asan: the one scripts/sanitize.sh makes). When it
#             has no CMakeCache.txt it is configured: clang, ASan+UBSan, NIANBAO_FUZZ=ON.
#   NO_BUILD  1: do not build the targets first (the CTest tests set it: ctest runs after a build)
#   WORK      corpora and findings (default $BUILD/fuzz/work). Corpora grow across runs in
#             $WORK/corpus/<target>; findings are saved as $WORK/artifacts/<target>/crash-*,
#             leak-*, timeout-*, oom-*.
#   JOBS      build jobs (default 2); FUZZ_FLAGS: extra libFuzzer flags.
# Exit status 1 when any target found something; each finding is listed at the end with the
# command that replays it. Inputs slower than 10 s are saved as slow-unit-*: reported, not
# counted as findings (a hang is a timeout-*, see timeout_of below).
set -uo pipefail
shopt -s nullglob
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-$here/build-asan}"
work="${WORK:-$build/fuzz/work}"
jobs="${JOBS:-2}"

replay=0
seconds=7
if [ "${1:-}" = "--replay" ]; then replay=1; shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds="$1"; shift
fi
all_targets=(fuzz_process fuzz_process_fast fuzz_layout fuzz_peg fuzz_profile fuzz_model fuzz_rules fuzz_archive)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if [ "${NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    echo "run.sh: configuring $build (clang, ASan+UBSan, libFuzzer)" >&2
    CC=clang CXX=clang++ cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DNIANBAO_SANITIZE=ON -DNIANBAO_FUZZ=ON >/dev/null || exit 2
  fi
  cmake --build "$build" -j "$jobs" --target "${targets[@]}" >/dev/null || {
    echo "run.sh: build failed (cmake --build $build --target ${targets[*]})" >&2; exit 2; }
fi

# Seeds of each target: files of the repository, plus fuzz/seeds/.
seeds_of() {
  case "$1" in
    # The whole pipeline with repair is the slowest target under ASan: the small reports only,
    # so that a short run gets past its seeds.
    fuzz_process) ls "$here"/fuzz/seeds/report/* ;;
    fuzz_process_fast|fuzz_layout) ls "$here"/tests/corpus/seeds/*.txt "$here"/fuzz/seeds/report/* ;;
    fuzz_peg) ls "$here"/grammars/*.peg "$here"/fuzz/seeds/peg/* ;;
    fuzz_profile) ls "$here"/profiles/*.toml "$here"/fuzz/seeds/profile/* ;;
    fuzz_model) ls "$here"/model/*.toml ;;
    fuzz_rules) ls "$here"/model/*.rules "$here"/fuzz/seeds/rules/* ;;
    fuzz_archive) ls "$here"/fuzz/seeds/archive/* "$here"/examples/archive/*.zip ;;
  esac 2>/dev/null
}
dict_of() {
  case "$1" in
    fuzz_process|fuzz_process_fast|fuzz_layout) echo report ;;
    fuzz_peg) echo peg ;;
    fuzz_profile|fuzz_model) echo toml ;;
    fuzz_rules) echo rules ;;
    fuzz_archive) echo archive ;;
  esac
}
max_len_of() {
  case "$1" in
    fuzz_process|fuzz_process_fast|fuzz_layout) echo 20000 ;;
    fuzz_archive) echo 32768 ;;
    *) echo 8192 ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
summary=()
for t in "${targets[@]}"; do
  exe="$build/fuzz/$t"
  [ -x "$exe" ] || { echo "run.sh: no $exe (configure with -DNIANBAO_FUZZ=ON)" >&2; exit 2; }
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  dict="$here/fuzz/dicts/$(dict_of "$t").dict"
  log="$work/$t.log"
  before=$(ls "$artifacts" | grep -vc '^slow-unit-')
  if [ $replay -eq 1 ]; then
    mapfile -t files < <(seeds_of "$t")
    files+=("$here/fuzz/regressions/$t"/*)
    echo "== $t: replaying ${#files[@]} inputs" >&2
    "$exe" -timeout=120 -rss_limit_mb=2560 "-artifact_prefix=$artifacts/" "${files[@]}" >"$log" 2>&1
    rc=$?
  else
    # The seeds are copied into the corpus once; the corpus keeps what earlier runs found.
    while IFS= read -r s; do
      [ -f "$s" ] && cp -n "$s" "$corpus/seed-$(basename "$s")"
    done < <(seeds_of "$t")
    echo "== $t: ${seconds} s" >&2
    # shellcheck disable=SC2086
    "$exe" "$corpus" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -max_len="$(max_len_of "$t")" \
      -dict="$dict" -print_final_stats=1 "-artifact_prefix=$artifacts/" ${FUZZ_FLAGS:-} >"$log" 2>&1
    rc=$?
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  after=$(ls "$artifacts" | grep -vc '^slow-unit-')
  slowest=$(grep -o 'stat::slowest_unit_time_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ $rc -ne 0 ] || [ "$after" -gt "$before" ]; then
    status=1
    summary+=("$t: FOUND something (exit $rc) - see $log")
    grep -m3 -E 'ERROR|finding|runtime error|terminate' "$log" | sed 's/^/    /' | while IFS= read -r l; do echo "$l"; done >&2
    for f in $(ls -t "$artifacts" | grep -v '^slow-unit-' | head -n $((after - before > 0 ? after - before : 1))); do
      summary+=("    replay: $exe $artifacts/$f")
    done
  elif [ $replay -eq 1 ]; then
    summary+=("$t: clean (replayed ${#files[@]} inputs)")
  else
    summary+=("$t: clean (${runs:-?} runs${cov:+, $cov}${slowest:+, slowest input ${slowest} s})")
  fi
done
echo >&2
printf '%s\n' "${summary[@]}" >&2
# For CTest and CI: one closing line.
failed=$(printf '%s\n' "${summary[@]}" | grep -c 'FOUND' || true)
echo "fuzz: $(( ${#targets[@]} - failed )) passed, $failed failed"
exit $status
