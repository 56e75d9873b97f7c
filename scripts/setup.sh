#!/usr/bin/env bash
# Installs the Debian packages nianbao builds with (only those missing), then configures and builds.
# Usage: scripts/setup.sh [BUILD_DIR [TARGET...]]   (default: build, every target)
# e.g. scripts/setup.sh build nianbao   builds only the command (no tests, no benchmark).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
shift || true
targets=()
for t in "$@"; do targets+=(--target "$t"); done

packages=(g++ cmake make pkg-config tao-pegtl-dev libboost-dev libboost-test-dev libtomlplusplus-dev
          libicu-dev libarchive-dev libcli11-dev nlohmann-json3-dev libfmt-dev libsqlite3-dev
          libgumbo-dev libpugixml-dev libopencc-dev libopencc-data libpoppler-cpp-dev libxlsxwriter-dev libgsf-1-dev
          zlib1g-dev dpkg-dev groff-base zsh)
# dpkg-dev: dpkg-shlibdeps, for cpack -G DEB (test install.deb); groff-base and zsh: the tests of the
# manual page and of the zsh completion (tests/shell_completion.sh).
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# Optimised as RelWithDebInfo (-O2) but without debug information: it makes the heaviest
# translation units (Spirit X3, PEGTL) take ~45% longer to compile, and the first run and CI build
# from scratch. For debugging or profiling configure a build of your own with RelWithDebInfo.
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
cmake --build "$build" -j "$(nproc)" "${targets[@]}"
