#!/bin/sh
# xxgk import: exit codes, --partial, atomic output (no temporary file left,
# an existing output untouched when nothing is written).
# usage: cli_test.sh DRIVER SEEDS_DIR WORK_DIR
set -u
drv=$1 seeds=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fails=0
expect() { # expect CODE DESCRIPTION COMMAND…
    want=$1 what=$2; shift 2
    "$@" >"$work/out" 2>"$work/err"; got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"; sed 's/^/  /' "$work/err" | head -5; fails=$((fails + 1))
    else
        echo "ok   $what"
    fi
}
seed=$seeds/003_eb12dee647644d74.txt
expect 2 "no arguments" "$drv" import
expect 2 "no output" "$drv" import "$seed"
expect 2 "unknown option" "$drv" import "$seed" -o "$work/a.json" --bogus
expect 2 "unreadable input" "$drv" import "$work/none.txt" -o "$work/a.json"
expect 1 "no date printed: incomplete" "$drv" import "$seed" -o "$work/a.json"
grep -q "没有成文日期" "$work/err" || { echo "FAIL: the missing date is not said"; fails=$((fails + 1)); }
[ ! -e "$work/a.json" ] || { echo "FAIL: written without a date"; fails=$((fails + 1)); }
expect 0 "complete import" "$drv" import "$seed" -o "$work/a.json" --assume-date
grep -q '"date": "2021-01-31"' "$work/a.json" || { echo "FAIL: --assume-date did not give the deadline"; fails=$((fails + 1)); }
[ -s "$work/a.json" ] || { echo "FAIL: nothing written"; fails=$((fails + 1)); }
grep -q "imported completely" "$work/err" || { echo "FAIL: no summary line"; fails=$((fails + 1)); }
expect 0 "to stdout" "$drv" import "$seed" -o - --assume-date
grep -q '"format": "2019"' "$work/out" || { echo "FAIL: -o - wrote no JSON"; fails=$((fails + 1)); }
# a device or a pipe is never replaced, not even through a link (as root,
# -o /dev/null once replaced the device with a file)
if mkfifo "$work/fifo.json" 2>/dev/null; then
    ln -s "$work/fifo.json" "$work/link-to-fifo.json"
    expect 2 "a fifo as output" "$drv" import "$seed" -o "$work/fifo.json" --assume-date
    expect 2 "a link to a fifo as output" "$drv" import "$seed" -o "$work/link-to-fifo.json" --assume-date
    [ -p "$work/fifo.json" ] && [ -L "$work/link-to-fifo.json" ] \
        || { echo "FAIL: the fifo or the link to it was replaced"; fails=$((fails + 1)); }
fi
# a link to a regular file: written through, the link stays
echo old >"$work/target.json" && ln -s "$work/target.json" "$work/link.json"
expect 0 "a link to a file as output" "$drv" import "$seed" -o "$work/link.json" --assume-date
[ -L "$work/link.json" ] && grep -q '"format"' "$work/target.json" \
    || { echo "FAIL: the link was replaced, or its file not written"; fails=$((fails + 1)); }
head -c 3000 "$seed" >"$work/cut.txt"
echo keep >"$work/b.json"
expect 1 "incomplete without --partial" "$drv" import "$work/cut.txt" -o "$work/b.json"
[ "$(cat "$work/b.json")" = keep ] || { echo "FAIL: output overwritten although nothing was to be written"; fails=$((fails + 1)); }
expect 1 "incomplete with --partial" "$drv" import "$work/cut.txt" -o "$work/b.json" --partial
grep -q '"tables"' "$work/b.json" || { echo "FAIL: --partial wrote nothing"; fails=$((fails + 1)); }
printf 'hello\n' >"$work/junk.txt"
expect 1 "not a report" "$drv" import "$work/junk.txt" -o "$work/c.json"
[ ! -e "$work/c.json" ] || { echo "FAIL: wrote a file for a non-report"; fails=$((fails + 1)); }
expect 2 "output folder missing" "$drv" import "$seed" -o "$work/no/such/dir/x.json" --assume-date
leftover=$(ls "$work" | grep -c 'json\.' || true)
[ "$leftover" -eq 0 ] || { echo "FAIL: temporary files left: $(ls "$work")"; fails=$((fails + 1)); }
expect 0 "cells of a .txt directly" "$drv" cells "$seeds/004_d85570ef8ddfd07a.txt"
printf 'x' >"$work/old.doc"
expect 2 "a .doc is refused" "$drv" import "$work/old.doc" -o "$work/d.json"
grep -q "docx" "$work/err" || { echo "FAIL: the refusal does not say to save as .docx"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] && echo "all cli cases pass"
exit "$fails"
