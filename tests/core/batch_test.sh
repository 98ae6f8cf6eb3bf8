#!/bin/sh
# batch_test.sh XXGK SOURCE_DIR — xxgk batch and xxgk aggregate as a county
# office uses them: a folder with a broken report, a manifest, names that
# would escape OUTDIR or collide, shards and their merge, resume, last
# year's reports, the county total.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() {
    want=$1; what=$2; shift 3
    "$@" >"$T/stdout" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; head -5 "$T/err"; fi
}
field() { # CSV FILE, row matching TEXT, column number
    grep -F -- "$2" "$1" | head -1 | cut -d, -f"$3"
}

mkdir "$T/in"
cp "$SRC"/samples/*.json "$T/in/"
printf '{"year": 2022,' >"$T/in/zz-broken.json"

# a folder: goes on past the broken report, exit 1, summary names it
expect 1 "batch folder" -- "$XXGK" batch "$T/in" -d "$T/out" -j 2
[ "$(ls "$T/out"/*.pdf | wc -l)" -eq 5 ] && ok || bad "five PDFs expected: $(ls "$T/out")"
[ ! -e "$T/out/zz-broken.pdf" ] && ok || bad "a PDF for the broken report"
ls "$T/out" | grep -q 'tmp' && bad "temporary files left: $(ls "$T/out")" || ok
[ "$(grep -c . "$T/out/summary.csv")" -eq 7 ] && ok || bad "summary.csv should have a header and 6 rows"
[ "$(field "$T/out/summary.csv" zz-broken 4)" = error ] && ok || bad "broken report not marked error"
[ "$(field "$T/out/summary.csv" 2022-quzhou 4)" = rendered ] && ok || bad "quzhou not rendered"
[ "$(field "$T/out/summary.csv" 2022-quzhou 1)" = 衢州市机关事务保障中心 ] && ok || bad "department from the agency"
# summary.csv opens in Excel in Chinese: UTF-8 with its BOM, read as such it
# has the header and the names; and it serves again as a manifest
[ "$(head -c 3 "$T/out/summary.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || bad "summary.csv without the BOM"
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
"$PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == 6 and "衢州市机关事务保障中心" in [r["department"] for r in rows], rows' "$T/out/summary.csv" && ok || bad "summary.csv not read as UTF-8 with BOM"
expect 1 "summary.csv as a manifest" -- "$XXGK" batch "$T/out/summary.csv" -d "$T/again"
[ "$(ls "$T/again"/*.pdf | wc -l)" -eq 5 ] && ok || bad "summary.csv as a manifest: $(cat "$T/err")"
grep -q 'zz-broken' "$T/err" && ok || bad "the summary on stderr names the broken report"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"]==6 and d["rendered"]==5 and d["error"]==1' "$T/out/summary.json" && ok || bad "summary.json totals"
for f in "$T"/out/*.pdf; do pdfinfo "$f" >/dev/null 2>&1 && ok || bad "$f is not a PDF"; done

# resume: nothing newer in the inputs, everything skipped
rm "$T/in/zz-broken.json"
expect 0 "batch --resume" -- "$XXGK" batch "$T/in" -d "$T/out" --resume
[ "$(grep -c ',skipped,' "$T/out/summary.csv")" -eq 5 ] && ok || bad "resume should skip all five"
touch "$T/in/2020-hecheng.json"
expect 0 "batch --resume after a touch" -- "$XXGK" batch "$T/in" -d "$T/out" --resume
[ "$(field "$T/out/summary.csv" 2020-hecheng 4)" = skipped ] && ok || bad "an input touched but not changed is kept"
# an input edited and given back an older mtime: its bytes tell, not its mtime
printf ' ' >>"$T/in/2020-hecheng.json"
touch -d '2001-01-01' "$T/in/2020-hecheng.json"
expect 0 "batch --resume after a change" -- "$XXGK" batch "$T/in" -d "$T/out" --resume
[ "$(field "$T/out/summary.csv" 2020-hecheng 4)" = rendered ] && ok || bad "a changed input is rendered again"
# resume never keeps a draft, nor PDFs made with other settings
python3 - "$T/in/2020-hecheng.json" "$T/dr/in/broken.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["tables"]["applications"]["received"]["total"] = 99999   # C02: the row total is wrong
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
expect 1 "batch --draft (a draft is not a rendered report)" -- "$XXGK" batch "$T/dr/in" -d "$T/dr/out" --draft
[ "$(field "$T/dr/out/summary.csv" broken 4)" = draft ] && ok || bad "the broken report should be a draft"
expect 1 "batch --resume after a draft" -- "$XXGK" batch "$T/dr/in" -d "$T/dr/out" --resume
[ "$(field "$T/dr/out/summary.csv" broken 4)" = failed ] && ok || bad "resume kept a draft: $(cat "$T/dr/out/summary.csv")"
grep broken "$T/dr/out/summary.csv" | grep -q '以前生成' && ok || bad "the summary does not say broken.pdf is an old one"
expect 0 "batch --resume --backend haru over cairo PDFs" -- "$XXGK" batch "$T/in" -d "$T/out" --resume --backend haru
[ "$(grep -c ',rendered,' "$T/out/summary.csv")" -eq 5 ] && ok || bad "resume kept cairo PDFs for a haru batch"
expect 0 "batch --resume --backend haru again" -- "$XXGK" batch "$T/in" -d "$T/out" --resume --backend haru
[ "$(grep -c ',skipped,' "$T/out/summary.csv")" -eq 5 ] && ok || bad "resume of the same haru batch should skip all five"

# a manifest: names that escape OUTDIR or collide stop everything
printf 'department,input,output\n甲,in/2020-hecheng.json,../evil.pdf\n' >"$T/escape.csv"
expect 2 "manifest escaping OUTDIR" -- "$XXGK" batch "$T/escape.csv" -d "$T/m1"
[ ! -e "$T/evil.pdf" ] && [ ! -e "$T/m1/summary.csv" ] && ok || bad "something was written"
grep -q 'B02' "$T/err" && ok || bad "B02 not reported"
printf 'department,input,output\n甲,in/2020-hecheng.json,a.pdf\n乙,in/2020-shiyan-jiguanshiwu.json,a.pdf\n' >"$T/dup.csv"
expect 2 "manifest with a duplicate output" -- "$XXGK" batch "$T/dup.csv" -d "$T/m2"
grep -q 'B03' "$T/err" && ok || bad "B03 not reported"
printf 'department,input,output\n"甲局, 办公室",in/2020-hecheng.json,dept/a.pdf\n乙,in/2022-quzhou-jiguanshiwu.json,\n' >"$T/good.csv"
expect 0 "manifest" -- "$XXGK" batch "$T/good.csv" -d "$T/m3"
[ -s "$T/m3/dept/a.pdf" ] && [ -s "$T/m3/2022-quzhou-jiguanshiwu.pdf" ] && ok || bad "manifest outputs: $(ls -R "$T/m3")"
grep -q '"甲局, 办公室"' "$T/m3/summary.csv" && ok || bad "quoted department kept"

# shards: disjoint, complete, merged
expect 0 "shard 1/2" -- "$XXGK" batch "$T/in" -d "$T/s1" --shard 1/2
expect 0 "shard 2/2" -- "$XXGK" batch "$T/in" -d "$T/s2" --shard 2/2
n1=$(ls "$T/s1"/*.pdf | wc -l); n2=$(ls "$T/s2"/*.pdf | wc -l)
[ $((n1 + n2)) -eq 5 ] && [ "$n1" -ge 2 ] && [ "$n2" -ge 2 ] && ok || bad "shards hold $n1 + $n2"
expect 0 "merge summaries" -- "$XXGK" batch --merge-summaries -d "$T/merged" "$T/s1/summary.json" "$T/s2/summary.json"
[ "$(grep -c . "$T/merged/summary.csv")" -eq 6 ] && ok || bad "merged summary rows"
[ "$(head -c 3 "$T/merged/summary.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || bad "merged summary.csv without the BOM"
expect 2 "merging overlapping shards" -- "$XXGK" batch --merge-summaries -d "$T/m4" "$T/s1/summary.json" "$T/s1/summary.json"
expect 2 "bad shard" -- "$XXGK" batch "$T/in" -d "$T/s3" --shard 3/2

# last year's reports: 二、上年结转 checked against 四、结转下年度继续办理
mkdir "$T/prev"
python3 - "$T/in/2022-quzhou-jiguanshiwu.json" "$T/prev/2022-quzhou-jiguanshiwu.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["year"] = 2021; d["date"] = "2022-01-20"
t = d["tables"]["applications"]
t["received"]["natural"] = 4; t["received"]["total"] = 4
t["results"]["disclosed"]["natural"] = 2; t["results"]["disclosed"]["total"] = 2
t["results"]["total"]["natural"] = 2; t["results"]["total"]["total"] = 2
t["carried_forward"]["natural"] = 2; t["carried_forward"]["total"] = 2
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect 0 "batch --previous" -- "$XXGK" batch "$T/in" -d "$T/p" --previous "$T/prev"
[ "$(field "$T/p/summary.csv" 2022-quzhou 7)" -ge 2 ] && ok || bad "C07 warnings not counted: $(grep quzhou "$T/p/summary.csv")"

# the county total
expect 1 "aggregate mixed formats" -- "$XXGK" aggregate "$T/in" -o "$T/county.json"
grep -q '2022-quzhou-jiguanshiwu.json' "$T/err" && ok || bad "the odd format is named"
rm "$T/in/2022-quzhou-jiguanshiwu.json"
expect 0 "aggregate" -- "$XXGK" aggregate "$T/in" -o "$T/county.json"
expect 0 "county passes check" -- "$XXGK" check "$T/county.json"
for f in "$T"/in/*.json; do "$XXGK" cells "$f"; done >"$T/all.cells"
"$XXGK" cells "$T/county.json" >"$T/county.cells"
python3 - "$T/all.cells" "$T/county.cells" <<'PY' && ok || bad "county cells are not the sums"
import sys, collections
s = collections.defaultdict(float)
for line in open(sys.argv[1]):
    a, b, c, v = line.rstrip("\n").split("\t"); s[(a, b, c)] += float(v)
n = 0
for line in open(sys.argv[2]):
    a, b, c, v = line.rstrip("\n").split("\t")
    assert abs(s[(a, b, c)] - float(v)) < 1e-6, (a, b, c, v, s[(a, b, c)]); n += 1
assert n == len(s) == 198
PY
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["sources"])==4' "$T/county.json" && ok || bad "sources list"
# one department twice (its JSON and a copy): both left out and named
cp "$T/in/2020-hecheng.json" "$T/in/zz-copy.json"
expect 1 "aggregate with a department twice" -- "$XXGK" aggregate "$T/in" -o "$T/county2.json"
grep -q 'B06' "$T/err" && grep -q 'zz-copy.json' "$T/err" && ok || bad "B06 does not name the copy"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["sources"])==3' "$T/county2.json" && ok || bad "the duplicated department was counted"
rm "$T/in/zz-copy.json"
# the output is a folder: the reason, not errno's "Success"
mkdir "$T/adir.json"
expect 2 "aggregate into a folder" -- "$XXGK" aggregate "$T/in" -o "$T/adir.json"
grep -q 'Success' "$T/err" && bad "aggregate says Success on a failed write" || ok

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
