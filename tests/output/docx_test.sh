#!/bin/sh
# The Word file of one report: rendered twice to the same bytes, imported
# back to the same report (same_report.py), and converted to PDF by
# LibreOffice without a warning, its pages measured (lo_pages.py); exit 77
# (skipped) for the conversion alone when soffice is not installed.
# usage: docx_test.sh XXGK SAMPLE.json WORKDIR
set -u
xxgk=$1 sample=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$sample" .json)
mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL $name: $*"; exit 1; }
"$xxgk" render "$sample" -o "$name.docx" 2>/dev/null || fail "render exit $?"
"$xxgk" render "$sample" -o - --to docx 2>/dev/null > "$name.again.docx" || fail "render -o - exit $?"
cmp -s "$name.docx" "$name.again.docx" || fail "two renders differ"
"$xxgk" import "$name.docx" -o "$name.docx.json" 2>/dev/null || fail "import exit $?"
python3 "$here/same_report.py" "$xxgk" "$sample" "$name.docx.json" || fail "not the same report"
soffice=$(command -v soffice || command -v libreoffice) || { echo "soffice missing: conversion skipped"; exit 77; }
rm -rf "lo-$name" && mkdir "lo-$name"
"$soffice" -env:UserInstallation=file://$PWD/lo-$name/profile --headless --convert-to pdf \
  --outdir "lo-$name" "$name.docx" > "lo-$name/log" 2>&1 || fail "soffice exit $?"
# javaldx's line is about LibreOffice's Java, not the file
grep -iv 'javaldx\|^convert ' "lo-$name/log" | grep -i . && fail "soffice said something"
[ -s "lo-$name/$name.pdf" ] || fail "soffice wrote no PDF"
python3 "$here/lo_pages.py" "lo-$name/$name.pdf" || fail "pages"
echo "ok $name"
