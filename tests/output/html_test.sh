#!/bin/sh
# The web page of one report: rendered twice to the same bytes, and it
# and its fragment imported back to the same report (same_report.py);
# their validity is html_valid.py's test.  usage: html_test.sh XXGK SAMPLE.json WORKDIR
set -u
xxgk=$1 sample=$2 work=$3
here=$(dirname "$0")
name=$(basename "$sample" .json)
mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL $name: $*"; exit 1; }
"$xxgk" render "$sample" -o "$name.html" 2>/dev/null || fail "render exit $?"
"$xxgk" render "$sample" -o - --to html 2>/dev/null > "$name.again.html" || fail "render -o - exit $?"
cmp -s "$name.html" "$name.again.html" || fail "two renders differ"
head -c 15 "$name.html" | grep -q '<!DOCTYPE html>' || fail "not an HTML document"
"$xxgk" render "$sample" -o "$name.frag.html" --fragment 2>/dev/null || fail "fragment exit $?"
grep -q '<style\|<html\|<body' "$name.frag.html" && fail "the fragment has a document's parts"
for page in "$name.html" "$name.frag.html"; do
  "$xxgk" import "$page" -o "$page.json" 2>/dev/null || fail "import of $page exit $?"
  python3 "$here/same_report.py" "$xxgk" "$sample" "$page.json" || fail "$page is not the same report"
done
echo "ok $name"
