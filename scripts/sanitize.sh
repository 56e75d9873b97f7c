#!/usr/bin/env bash
# Builds nianbao with AddressSanitizer + UndefinedBehaviorSanitizer (-DNIANBAO_SANITIZE=ON) in a
# separate build directory and runs the whole CTest suite under them. Any sanitizer report fails
# the test that triggered it (-fno-sanitize-recover, halt_on_error), and LeakSanitizer's report
# at exit fails it too, so "100% tests passed" means no memory error, leak or undefined
# behaviour was seen.
#
#   scripts/sanitize.sh                 # build-asan/ with clang: also the libFuzzer targets and
#                                       # the fuzz.replay and fuzz.short tests (one build for both)
#   FUZZ=OFF scripts/sanitize.sh        # the sanitizers only (no fuzz targets, no fuzz tests)
#   CC=gcc CXX=g++ FUZZ=OFF scripts/sanitize.sh build-asan-gcc   # the same with gcc
#
# Environment: JOBS (build and test jobs, default 2: the machines have 2 cores), CC/CXX
# (default clang/clang++), FUZZ (ON with clang, else OFF). Prints the time of each step.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build-asan}"
jobs="${JOBS:-2}"
export CC="${CC:-clang}" CXX="${CXX:-clang++}"
fuzz="${FUZZ:-}"
if [ -z "$fuzz" ]; then
  case "$("$CXX" --version 2>/dev/null | head -1)" in *clang*) fuzz=ON ;; *) fuzz=OFF ;; esac
fi

generator=()
command -v ninja >/dev/null && [ ! -f "$build/CMakeCache.txt" ] && generator=(-G Ninja)
t0=$SECONDS
cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNIANBAO_SANITIZE=ON \
  -DNIANBAO_FUZZ="$fuzz" -DNIANBAO_TESTS=ON >/dev/null
cmake --build "$build" -j "$jobs"
t1=$SECONDS

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$build"
status=0
ctest --output-on-failure -j "$jobs" || status=$?
t2=$SECONDS
echo "sanitize.sh: build $((t1 - t0)) s, tests $((t2 - t1)) s ($build, CXX=$CXX, fuzz $fuzz)" >&2
exit $status
