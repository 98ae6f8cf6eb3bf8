#!/bin/sh
# update.sh [BUILD_DIR] — writes tests/golden/digests.sha256 from the outputs
# of BUILD_DIR's xxgk (default: build).  Run it only in a commit that means
# to change the output, and say in the commit which outputs moved and why.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sh "$src/tests/golden/outputs.sh" "$build/xxgk" "$build/tests/render/xxgk_make_seal" "$src" "$work/run" \
    >"$work/digests"
mv "$work/digests" "$src/tests/golden/digests.sha256"
echo "tests/golden/digests.sha256: $(wc -l <"$src/tests/golden/digests.sha256") outputs"
