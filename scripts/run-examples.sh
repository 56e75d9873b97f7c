#!/usr/bin/env bash
# Sets up (packages + build) and runs nianbao over the bundled example reports and archive.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
"$here/scripts/setup.sh" "$build"
"$build/cli/nianbao" parse "$here"/examples/reports/*.txt
# The archive: GBK member names, GB18030, UTF-16, CRLF, a .tar.gz inside the .zip.
"$build/cli/nianbao" parse "$here"/examples/archive/reports-mixed.zip
