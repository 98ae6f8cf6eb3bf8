#!/bin/sh
# check.sh XXGK MAKE_SEAL SRCDIR WORKDIR — the golden test: every output of
# tests/golden/outputs.sh has the digest tests/golden/digests.sha256 records.
# On a difference it names the outputs that moved (kept in WORKDIR/run/out to
# look at); tests/golden/update.sh records new digests when a change means it.
set -u
xxgk=$1 make_seal=$2 src=$3 work=$4
sh "$src/tests/golden/outputs.sh" "$xxgk" "$make_seal" "$src" "$work/run" >"$work.got" || {
    echo "FAIL: outputs.sh could not run"
    exit 1
}
if diff "$src/tests/golden/digests.sha256" "$work.got" >"$work.diff"; then
    echo "golden: $(wc -l <"$work.got") outputs, each as recorded"
    exit 0
fi
echo "FAIL: outputs differ from tests/golden/digests.sha256 (< recorded, > now; files in $work/run/out):"
cat "$work.diff"
exit 1
