#!/bin/sh
# year_test.sh XXGK SOURCE_DIR — next year from last year, as a clerk starts
# it: for every sample (and one from its workbook), next-year gives year + 1,
# no date (check says it is missing: S02), the title's year moved on, text
# kept, and 二、上年结转 equal to last year's 四、结转下年度继续办理 column by
# column (a last year with figures carried: 3 and 2; check --previous has no
# C07), every other figure 0.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

"$XXGK" export "$SRC/samples/2022-quzhou-jiguanshiwu.json" -o "$T/quzhou.xlsx"
for f in "$SRC"/samples/*.json "$T/quzhou.xlsx"; do
  b=$(basename "$f")
  "$XXGK" next-year "$f" -o "$T/next.json" 2>"$T/err" || { bad "$b: next-year exit $?"; cat "$T/err"; continue; }
  "$PY" - "$f" "$T/next.json" <<'PY' || bad "$b: the new report"
import json, sys, subprocess
last, new = sys.argv[1:]
n = json.load(open(new))
if last.endswith(".json"):
    l = json.load(open(last))
    assert n["year"] == l["year"] + 1, n["year"]
    assert n["agency"] == l["agency"]
    assert n["sections"] == l["sections"] and n.get("preface", []) == l.get("preface", [])
    if "title" in l and str(l["year"]) in l["title"]:
        assert n["title"] == l["title"].replace(str(l["year"]), str(l["year"] + 1), 1), n["title"]
assert "date" not in n
PY
  "$XXGK" check --previous "$f" "$T/next.json" >"$T/out" 2>&1
  grep -q 'error S02: 成文日期：缺少必填项 "date"' "$T/out" || bad "$b: check does not say the date is missing"
  grep -q ' C07: ' "$T/out" && bad "$b: C07 after next-year: $(grep C07 "$T/out" | head -1)"
done

"$PY" - "$SRC/samples/2022-quzhou-jiguanshiwu.json" "$T/last.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cf = d["tables"]["applications"]["carried_forward"]
cf["natural"] = 3; cf["commercial"] = 2; cf.pop("total", None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$XXGK" next-year "$T/last.json" -o "$T/next.json" || bad "carried: exit $?"
"$XXGK" cells "$T/next.json" >"$T/cells" 2>/dev/null
grep -q "^三	二、上年结转政府信息公开申请数量	申请人情况/自然人	3$" "$T/cells" || bad "carried: 自然人 not 3"
grep -q "^三	二、上年结转政府信息公开申请数量	申请人情况/法人或其他组织/商业企业	2$" "$T/cells" || bad "carried: 商业企业 not 2"
grep -q "^三	二、上年结转政府信息公开申请数量	申请人情况/总计	5$" "$T/cells" || bad "carried: 总计 not 5"
[ "$(grep -v '^三	二、上年结转' "$T/cells" | awk -F'	' '$4 != 0' | wc -l)" -eq 0 ] || bad "carried: other figures not 0"
"$XXGK" check --previous "$T/last.json" "$T/next.json" >"$T/out" 2>&1
grep -q ' C07: ' "$T/out" && bad "carried: C07: $(grep C07 "$T/out" | head -1)"
exit $fail
