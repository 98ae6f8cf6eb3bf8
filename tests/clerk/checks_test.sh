#!/bin/sh
# checks_test.sh XXGK SOURCE_DIR — the checks that catch last year's
# leftovers, each with a passing and a failing case.
#   C20: a title naming another year or another agency than the report's;
#   C21: the previous year in the prose of a report started from last year's,
#        not where a sentence compares the years;
#   S08: the template's placeholder agency: a warning for check, an error
#        for render (nothing written) and batch.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json

for f in "$SRC"/samples/*.json; do
  "$XXGK" check "$f" 2>&1 | grep -q " C20: " && bad "C20 on $(basename "$f")"
done
"$PY" - "$Q" "$T" <<'PY'
import json, sys
q, t = sys.argv[1:]
d = json.load(open(q))
d["title"] = "衢州市机关事务保障中心2021年政务公开工作年报"
json.dump(d, open(t + "/year.json", "w"), ensure_ascii=False)
d["title"] = "衢州市教育局2022年政府信息公开工作年度报告"
json.dump(d, open(t + "/agency.json", "w"), ensure_ascii=False)
d["title"] = "机关事务保障中心2022年政府信息公开工作年度报告"  # a shorter form of the name
json.dump(d, open(t + "/short.json", "w"), ensure_ascii=False)
PY
"$XXGK" check "$T/year.json" >"$T/out" 2>&1
[ $? -eq 1 ] || bad "C20 year: exit not 1"
grep -q "error C20: 标题：标题“衢州市机关事务保障中心2021年政务公开工作年报”的年度与报告年度不符.*（应为 2022年，实为 2021年） \[/title\]" "$T/out" || { bad "C20 year: message"; grep C20 "$T/out"; }
"$XXGK" check "$T/agency.json" >"$T/out" 2>&1
[ $? -eq 1 ] || bad "C20 agency: exit not 1"
grep -q "error C20: 标题：.*中的机关名称与发文机关不符（应为 衢州市机关事务保障中心，实为 衢州市教育局）" "$T/out" || { bad "C20 agency: message"; grep C20 "$T/out"; }
"$XXGK" check "$T/short.json" 2>&1 | grep -q " C20: " && bad "C20 on a shorter form of the agency's name"
"$XXGK" render "$T/year.json" -o "$T/year.pdf" >/dev/null 2>&1
[ $? -eq 1 ] || bad "C20: render not refused"
for f in "$SRC"/samples/*.json "$SRC"/samples/seeds/*.txt; do
  "$XXGK" check "$f" 2>&1 | grep -q " C21: " && bad "C21 on $(basename "$f")"
done
"$XXGK" next-year "$Q" -o "$T/next.json"
"$XXGK" check "$T/next.json" >"$T/out" 2>&1
grep -q "warning C21: 一、总体情况：正文“2022年，衢州市机关事务保障中心深入学习.*（应为 2023年，实为 2022年） \[/sections/overview/0\]" "$T/out" || { bad "C21: last year's prose not found"; grep C21 "$T/out"; }
"$PY" - "$T/next.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["title"] = "衢州市机关事务保障中心2023年政务公开工作年报"
d["preface"] = ["本年主动公开政府信息15条，比2022年增加3条。"]
d["sections"]["overview"] = ["2023年，本中心认真落实条例。"]
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
"$XXGK" check "$T/next.json" 2>&1 | grep -q " C21: " && bad "C21 on a sentence comparing the years, or on this year's"
"$XXGK" template --year 2023 >"$T/blank.json"
"$XXGK" check "$T/blank.json" >"$T/out" 2>&1
[ $? -eq 0 ] && grep -q "warning S08: 发文机关署名" "$T/out" || bad "S08: check of the template"
"$XXGK" render "$T/blank.json" -o "$T/blank.pdf" >"$T/out" 2>&1
[ $? -eq 1 ] || bad "S08: render of the template not refused"
grep -q "error S08: 发文机关署名：模板中的占位文字尚未替换为发文机关的名称" "$T/out" || bad "S08: render does not say why"
[ -e "$T/blank.pdf" ] && bad "S08: a PDF written"
"$XXGK" render "$Q" -o "$T/q.pdf" >/dev/null 2>&1 || bad "S08: a filled report not rendered"
exit $fail
